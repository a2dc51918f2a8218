#include "ctc/scanner/spec/request_plan.hpp"

#include "spec_readers.hpp"

namespace ctc::scanner {
namespace {

using nlohmann::json;

void collect(const json& node, const std::string& pointer, std::size_t max,
             std::vector<std::string>& out, int depth) {
  if (out.size() >= max || depth > 32) return;
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      collect(value, pointer + "/" + spec::pointerToken(key), max, out, depth + 1);
    }
  } else if (node.is_array()) {
    if (!node.empty()) collect(node.front(), pointer + "/0", max, out, depth + 1);
  } else if (!pointer.empty()) {
    out.push_back(pointer);
  }
}

InputKind kindOf(const std::string& location) {
  if (location == "path") return InputKind::PathParameter;
  if (location == "header") return InputKind::Header;
  if (location == "cookie") return InputKind::Cookie;
  if (location == "form") return InputKind::Form;
  return InputKind::Query;
}

}  // namespace

std::vector<std::string> scalarMembers(const json& document, std::size_t max) {
  std::vector<std::string> out;
  collect(document, "", max, out, 0);
  return out;
}

Endpoint endpointFor(const SpecOperation& op, const std::string& server,
                     const std::string& specification) {
  Endpoint e;
  e.method = op.method;
  e.url = server + (op.path == "/" && server.find('/', server.find("://") + 3) != std::string::npos
                        ? ""
                        : op.path);
  e.operation = op.label();
  e.specification = specification;
  e.needsAuth = op.needsAuth;
  e.headers = op.headers;
  for (const auto& p : op.parameters)
    e.inputs.push_back({p.name, spec::parameterText(p.value), kindOf(p.location)});
  if (op.bodyType == "application/json") {
    e.jsonBody = op.body.is_null() ? "{}" : op.body.dump();
    for (const auto& pointer : scalarMembers(op.body, kMaxJsonMembers))
      e.inputs.push_back({pointer, spec::parameterText(op.body.at(json::json_pointer(pointer))),
                          InputKind::JsonMember});
  }
  return e;
}

}  // namespace ctc::scanner
