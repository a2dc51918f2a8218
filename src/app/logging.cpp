#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "ctc/app/serve.hpp"

namespace ctc::app {
namespace {

std::shared_ptr<spdlog::logger> accessLog;
bool jsonLines = false;

/// %* in a pattern: the message, escaped for a JSON string.
class JsonEscapedMessage : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    for (char c : std::string_view(msg.payload.data(), msg.payload.size())) {
      switch (c) {
        case '"':
          dest.append(std::string_view("\\\""));
          break;
        case '\\':
          dest.append(std::string_view("\\\\"));
          break;
        case '\n':
          dest.append(std::string_view("\\n"));
          break;
        case '\r':
          dest.append(std::string_view("\\r"));
          break;
        case '\t':
          dest.append(std::string_view("\\t"));
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            dest.append(std::string_view(buf));
          } else {
            dest.push_back(c);
          }
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonEscapedMessage>();
  }
};

}  // namespace

void configureLogging(const std::string& format, const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("ctc");
  // The access log has a sink of its own: in JSON its message is already JSON members.
  accessLog = spdlog::stderr_logger_mt("ctc.access");
  jsonLines = format == "json";
  if (jsonLines) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<JsonEscapedMessage>('*').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","thread":%t,"msg":"%*"})");
    logger->set_formatter(std::move(formatter));
    accessLog->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","thread":%t,%v})",
                           spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %-5l %v", spdlog::pattern_time_type::utc);
    accessLog->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %-5l %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(spdlog::level::from_str(level));
  accessLog->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

void logRequest(const http::RequestRecord& record) {
  if (!accessLog || !accessLog->should_log(spdlog::level::info)) return;
  double ms = record.duration.count() * 1000;
  std::string route = record.route.empty() ? "-" : record.route;
  if (!jsonLines) {
    accessLog->info("request {} {} {} -> {} in {:.1f} ms", record.requestId,
                    record.method.empty() ? "-" : record.method, route, record.status, ms);
    return;
  }
  nlohmann::json line = {{"msg", "request"},        {"request_id", record.requestId},
                         {"method", record.method}, {"route", route},
                         {"status", record.status}, {"duration_ms", std::round(ms * 10) / 10}};
  std::string members = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  accessLog->info("{}", std::string_view(members).substr(1, members.size() - 2));
}

}  // namespace ctc::app
