// Fuzzes the JSON (and form) bodies of every route that reads one, and the webhook payloads,
// end to end through http::dispatch over the real route table, real services and a real SQLite
// database in a temporary directory (fuzz_world.hpp, wired like src/app/serve.cpp). Target URLs
// in bodies reach the SSRF rule; no_dns.cpp keeps that DNS-free.
//
// Input: byte 0 chooses
//   bits 0-2  the Content-Type (none, JSON variants, form variants, text/plain, multipart),
//   bits 3-5  the route: 0-2 create a project (POST /api/v1/teams/T/projects, the /targets
//             alias, trailing slash), 3-5 the webhook of a real target (POST /webhook/S and
//             /api/v1/webhook/S), 6 an unknown webhook secret, 7 "free": the first body line is
//             "METHOD /path?query" for any route,
//   bits 6-7  how the valid API key is sent (API_KEY header, api_key header, ?api_key= query,
//             or a wrong key);
// the rest is the request body.
//
// Properties: dispatch never answers 500 (aborts with the body if it does) nor throws; every
// JSON answer is an envelope {"success": bool, "message": string, ...} with success iff the
// status is below 400; 405 carries Allow, 401 WWW-Authenticate; a created project can be
// deleted again (which also keeps the database small); the database is replaced with a fresh
// one every 5,000 inputs.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "ctc/http/api_routes.hpp"
#include "ctc/http/percent_decoding.hpp"
#include "fuzz_common.hpp"
#include "fuzz_world.hpp"

namespace {

using namespace ctc::http;
using ctc::fuzz::printable;

std::size_t gRuns = 0;
constexpr std::size_t kRunsPerDatabase = 5000;

const char* const kContentTypes[8] = {
    nullptr,
    "application/json",
    "application/json; charset=utf-8",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=UTF-8",
    "text/plain",
    "multipart/form-data; boundary=----fuzz",
    "application/vnd.api+json",
};

std::string describe(const ApiRequest& r) {
  std::string s = r.method + " " + printable(r.path, 200);
  for (const auto& [k, v] : r.query)
    s += (s.find('?') == std::string::npos ? "?" : "&") + k + "=" + printable(v, 80);
  for (const auto& [k, v] : r.headers) s += "\n" + k + ": " + printable(v, 200);
  s += "\n\n" + printable(r.body, 1000);
  return s;
}

bool hasHeader(const ApiResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name && !v.empty()) return true;
  return false;
}

/// The response properties every request must satisfy; returns the parsed JSON body (or null).
nlohmann::json checkResponse(const ApiRequest& req, const ApiResponse& res) {
  std::string ctx = "request:\n" + describe(req) + "\nresponse " + std::to_string(res.status) +
                    " " + res.contentType + ":\n" + printable(res.body, 2000);
  FUZZ_CHECK(res.status != 500, ctx);
  FUZZ_CHECK(res.status >= 200 && res.status <= 599, ctx);
  if (res.contentType.rfind("application/json", 0) != 0) {
    // Only rendered reports and the successor APIs' bodiless answers are not JSON: successes.
    FUZZ_CHECK(res.status == 200 || res.status == 201 || res.status == 202 || res.status == 204,
               ctx);
    return nullptr;
  }
  auto body = nlohmann::json::parse(res.body, nullptr, false);
  FUZZ_CHECK(!body.is_discarded() && body.is_object(), ctx);
  // The successor surfaces (as the router sees the path) answer errors in their own shapes.
  std::string_view path = req.path;
  if (path.rfind("/api/v1/", 0) == 0) path.remove_prefix(7);
  if (path.rfind("/was/", 0) == 0 || path.rfind("/appsec/", 0) == 0) {
    if (res.status >= 400) {
      const auto& errors = body["_embedded"]["errors"];
      FUZZ_CHECK(errors.is_array() && errors.size() == 1, ctx);
      FUZZ_CHECK(errors[0]["detail"].is_string() && !errors[0]["detail"].get<std::string>().empty(),
                 ctx);
    }
    return body;
  }
  if (path.rfind("/api/v3/", 0) == 0) {
    if (res.status >= 400) {
      FUZZ_CHECK(body["error"].is_string() && body["actions"].is_array(), ctx);
      FUZZ_CHECK(body["message"].is_string() && !body["message"].get<std::string>().empty(), ctx);
    }
    if (res.status == 405) FUZZ_CHECK(hasHeader(res, "Allow"), ctx);
    return body;
  }
  FUZZ_CHECK(body.contains("success") && body["success"].is_boolean(), ctx);
  FUZZ_CHECK(body["success"].get<bool>() == (res.status < 400), ctx);
  FUZZ_CHECK(body.contains("message") && body["message"].is_string(), ctx);
  if (res.status >= 400) FUZZ_CHECK(!body["message"].get<std::string>().empty(), ctx);
  if (res.status == 405) FUZZ_CHECK(hasHeader(res, "Allow"), ctx);
  if (res.status == 401) FUZZ_CHECK(hasHeader(res, "WWW-Authenticate"), ctx);
  if (res.status == 429) FUZZ_CHECK(hasHeader(res, "Retry-After"), ctx);
  return body;
}

ApiResponse send(const ApiRequest& req) {
  try {
    return dispatch(ctc::fuzz::theWorld()->router, req);
  } catch (const std::exception& e) {
    ctc::fuzz::fail(__FILE__, __LINE__, "dispatch threw",
                    std::string(e.what()) + "\n" + describe(req));
  } catch (...) {
    ctc::fuzz::fail(__FILE__, __LINE__, "dispatch threw",
                    "non-standard exception\n" + describe(req));
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  return ctc::fuzz::initProcessAndWorld();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  if (++gRuns % kRunsPerDatabase == 0) {
    ctc::fuzz::theWorld().reset();  // its temporary database goes before the next is made
    ctc::fuzz::theWorld() = std::make_unique<ctc::fuzz::World>();
  }
  ctc::fuzz::World& w = *ctc::fuzz::theWorld();
  const uint8_t selector = data[0];
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);

  ApiRequest req;
  req.method = "POST";
  const std::string team = std::to_string(w.teamId);
  const int route = (selector >> 3) & 7;
  bool createsProject = false;
  switch (route) {
    case 0:
      req.path = "/api/v1/teams/" + team + "/projects";
      createsProject = true;
      break;
    case 1:
      req.path = "/teams/" + team + "/targets";
      createsProject = true;
      break;
    case 2:
      req.path = "/api/v1/teams/" + team + "/projects/";
      createsProject = true;
      break;
    case 3:
    case 5:
      req.path = "/webhook/" + w.webhookSecret;
      break;
    case 4:
      req.path = "/api/v1/webhook/" + w.webhookSecret;
      break;
    case 6:
      req.path = "/webhook/00000000-0000-4000-8000-000000000000";
      break;
    default: {  // free: "METHOD /path?query\n" then the body
      auto nl = body.find('\n');
      std::string_view line = body.substr(0, nl);
      body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
      auto sp = line.find(' ');
      req.method = std::string(line.substr(0, sp));
      std::string_view target = sp == std::string_view::npos ? "/" : line.substr(sp + 1);
      auto q = target.find('?');
      req.path = std::string(target.substr(0, q));
      if (q != std::string_view::npos) req.query = parseQueryString(target.substr(q + 1));
      break;
    }
  }
  req.body = std::string(body);
  if (const char* ct = kContentTypes[selector & 7]) req.headers.emplace_back("Content-Type", ct);
  switch (selector >> 6) {
    case 0:
      req.headers.emplace_back("API_KEY", w.apiKey);
      break;
    case 1:
      req.headers.emplace_back("api_key", w.apiKey);
      break;
    case 2:
      req.query.emplace_back("api_key", w.apiKey);
      break;
    default:
      req.headers.emplace_back("Api_Key", "ctc_" + std::string(48, '0'));
      break;
  }

  ApiResponse res = send(req);
  nlohmann::json json = checkResponse(req, res);

  // Keep the database small: delete what was created (and check that works).
  if (createsProject && res.status == 201) {
    FUZZ_CHECK(
        json.is_object() && json["data"].is_object() && json["data"]["id"].is_number_integer(),
        printable(res.body));
    ApiRequest del;
    del.method = "DELETE";
    del.path =
        "/api/v1/teams/" + team + "/projects/" + std::to_string(json["data"]["id"].get<int64_t>());
    del.headers.emplace_back("API_KEY", w.apiKey);
    ApiResponse gone = send(del);
    checkResponse(del, gone);
    FUZZ_CHECK(gone.status == 200, "deleting the project just created:\n" + describe(req) +
                                       "\n-> " + std::to_string(gone.status) + " " + gone.body);
  }
  // A free request may have deleted the fixed target or revoked its webhook secret.
  if (route == 7 && req.method != "GET" && req.method != "HEAD") w.ensureTarget();
  return 0;
}
