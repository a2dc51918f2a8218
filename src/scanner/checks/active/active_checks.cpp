#include <memory>

#include "ctc/scanner/checks/active/active_check.hpp"
#include "families.hpp"

namespace ctc::scanner {
namespace {

void sendRung(Attack& attack, std::shared_ptr<std::vector<std::string>> values, std::size_t at,
              std::shared_ptr<const std::string> checkId,
              std::shared_ptr<std::function<std::string(const FetchResult&)>> proves) {
  if (at >= values->size()) return;
  HttpRequest request = attack.target().with((*values)[at]);
  attack.send(*checkId, request,
              [&attack, values, at, checkId, proves, request](const FetchResult& r) {
                if (std::string evidence = (*proves)(r); !evidence.empty())
                  attack.report(*checkId, request, std::move(evidence));
                else
                  sendRung(attack, values, at + 1, checkId, proves);
              });
}

}  // namespace

void sendInTurn(Attack& attack, std::vector<std::string> values, std::string checkId,
                std::function<std::string(const FetchResult&)> proves) {
  sendRung(attack, std::make_shared<std::vector<std::string>>(std::move(values)), 0,
           std::make_shared<const std::string>(std::move(checkId)),
           std::make_shared<std::function<std::string(const FetchResult&)>>(std::move(proves)));
}

const std::vector<std::unique_ptr<ActiveCheck>>& activeChecks() {
  static const auto checks = [] {
    std::vector<std::unique_ptr<ActiveCheck>> all;
    all.push_back(makeReflectionCheck());
    all.push_back(makeSqlInjectionCheck());
    all.push_back(makeCommandInjectionCheck());
    all.push_back(makeTimeBasedCheck());
    all.push_back(makeFileDisclosureCheck());
    all.push_back(makeCrlfCheck());
    all.push_back(makeOpenRedirectCheck());
    all.push_back(makeXxeCheck());
    all.push_back(makeSsrfCheck());
    return all;
  }();
  return checks;
}

}  // namespace ctc::scanner
