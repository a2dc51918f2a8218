#include "../route_helpers.hpp"
#include "ctc/http/multipart.hpp"
#include "ctc/http/serializers.hpp"
#include "legacy_routes.hpp"

namespace ctc::http::legacy {
namespace {

struct Upload {
  std::string name;
  std::string document;
};

/// The description as the raw body (any Content-Type) or as a multipart part named "file";
/// the name from ?name=, else the uploaded file's name.
Result<Upload> uploadOf(const ApiRequest& r) {
  Upload up;
  up.name = r.queryParam("name").value_or("");
  auto boundary = multipartBoundary(r.header("Content-Type").value_or(""));
  if (!boundary) return boundary.error();
  if (*boundary) {
    auto part = findMultipartPart(r.body, **boundary, "file");
    if (!part) return part.error();
    if (!*part) return Error::field("file", "is required: the multipart body has no 'file' part");
    up.document = std::move((*part)->body);
    if (up.name.empty()) up.name = (*part)->filename;
  } else {
    up.document = r.body;
  }
  if (up.document.find_first_not_of(" \t\r\n") == std::string::npos)
    return Error::field("file",
                        "is required: send the OpenAPI document or HAR as the request body "
                        "(application/json or application/yaml) or as a multipart 'file' part");
  return up;
}

}  // namespace

void registerSpecificationRoutes(Router& router, const Services& s) {
  const std::string specs = kProjectPath + "/specifications";
  router.add(
      "POST", specs,
      authed(s, [s](const service::Principal& who, const ApiRequest& r, const PathParams& p) {
        auto id = ids(p, {":teamId", ":projectId"});
        if (!id) return failure(id.error());
        auto up = uploadOf(r);
        if (!up) return failure(up.error());
        return respond(s.specifications.upload(who, (*id)[0], (*id)[1], up->name, up->document),
                       [](const Specification& spec) {
                         return success(toJson(spec), 201, "specification stored");
                       });
      }));
  router.add("GET", specs,
             authed(s, [s](const service::Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId"});
               if (!id) return failure(id.error());
               return respond(s.specifications.list(who, (*id)[0], (*id)[1]),
                              [](const std::vector<Specification>& list) {
                                nlohmann::json out = nlohmann::json::array();
                                for (const auto& spec : list) out.push_back(toJson(spec));
                                return success(out);
                              });
             }));
  const std::string one = specs + "/:specificationId";
  router.add("GET", one, authed(s, [s](const service::Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId", ":specificationId"});
               if (!id) return failure(id.error());
               return respond(s.specifications.get(who, (*id)[0], (*id)[1], (*id)[2]),
                              [](const Specification& spec) { return success(toJson(spec)); });
             }));
  router.add("DELETE", one,
             authed(s, [s](const service::Principal& who, auto&, const PathParams& p) {
               auto id = ids(p, {":teamId", ":projectId", ":specificationId"});
               if (!id) return failure(id.error());
               auto removed = s.specifications.remove(who, (*id)[0], (*id)[1], (*id)[2]);
               if (!removed) return failure(removed.error());
               return success({{"id", (*id)[2]}, {"deleted", true}}, 200, "specification deleted");
             }));
}

}  // namespace ctc::http::legacy
