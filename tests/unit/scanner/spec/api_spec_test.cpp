#include "ctc/scanner/spec/api_spec.hpp"

#include <gtest/gtest.h>

#include "ctc/scanner/spec/request_plan.hpp"
#include "ctc/scanner/spec/spec_document.hpp"

namespace ctc::scanner {
namespace {

const char* kProject = "http://127.0.0.1:8080/";

const SpecOperation* find(const ApiSpec& spec, const std::string& label) {
  for (const auto& op : spec.operations)
    if (op.label() == label) return &op;
  return nullptr;
}

const SpecParameter* param(const SpecOperation& op, const std::string& name) {
  for (const auto& p : op.parameters)
    if (p.name == name) return &p;
  return nullptr;
}

TEST(SpecDocument, YamlScalarsAreTypedAndQuotedOnesStayStrings) {
  auto doc = parseSpecDocument("a: 1\nb: '1'\nc: true\nd: ~\ne: 1.5\nf: 3.0.1\n200: ok\n");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ((*doc)["a"], 1);
  EXPECT_EQ((*doc)["b"], "1");
  EXPECT_EQ((*doc)["c"], true);
  EXPECT_TRUE((*doc)["d"].is_null());
  EXPECT_EQ((*doc)["e"], 1.5);
  EXPECT_EQ((*doc)["f"], "3.0.1");
  EXPECT_EQ((*doc)["200"], "ok");
}

TEST(SpecDocument, AnchorsAliasesAndMergeKeys) {
  auto doc = parseSpecDocument("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\ncopy: *b\n");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ((*doc)["use"]["x"], 1);
  EXPECT_EQ((*doc)["use"]["y"], 3);
  EXPECT_EQ((*doc)["copy"]["y"], 2);
}

TEST(SpecDocument, ErrorsSayLineAndColumn) {
  auto yaml = parseSpecDocument("openapi: 3.0.0\ninfo:\n  title: x\n  - bad\n");
  ASSERT_FALSE(yaml);
  EXPECT_NE(yaml.error().message.find("line 4"), std::string::npos) << yaml.error().message;
  auto json = parseSpecDocument("{\n  \"openapi\": \"3.0.0\",\n  \"info\": }\n");
  ASSERT_FALSE(json);
  EXPECT_NE(json.error().message.find("line 3"), std::string::npos) << json.error().message;
}

TEST(SpecDocument, BillionLaughsAndDeepNestingAreRefused) {
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c, ++prev)
    laughs += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
              prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
              ", *" + prev + "]\n";
  auto doc = parseSpecDocument(laughs);
  ASSERT_FALSE(doc);
  EXPECT_NE(doc.error().message.find("expands"), std::string::npos) << doc.error().message;
  auto deep = parseSpecDocument(std::string(5000, '[') + std::string(5000, ']'));
  ASSERT_FALSE(deep);
  auto deepYaml = parseSpecDocument(std::string(3000, '['));
  ASSERT_FALSE(deepYaml);
}

constexpr const char* kOpenApi3 = R"(openapi: 3.0.3
info: {title: Shop, version: "1"}
servers:
  - url: https://api.example.invalid/v1
  - url: /api/v1
security:
  - bearer: []
paths:
  /users/{username}:
    parameters:
      - $ref: '#/components/parameters/Username'
    get:
      operationId: getUser
      parameters:
        - {name: fields, in: query, schema: {type: string, enum: [all, short]}}
        - {name: X-Trace, in: header, schema: {type: string, format: uuid}}
        - {name: Authorization, in: header, schema: {type: string}}
      responses: {'200': {description: ok}}
  /orders:
    post:
      security: []
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses: {'201': {description: ok}}
  /login:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties: {user: {type: string, example: alice}, pin: {type: integer, minimum: 1000}}
      responses: {'200': {description: ok}}
components:
  parameters:
    Username: {name: username, in: path, required: true, schema: {type: string, example: alice}}
  schemas:
    Order:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            customer: {$ref: '#/components/schemas/Customer'}
            quantity: {type: integer, minimum: 1, maximum: 9}
    Base:
      type: object
      properties:
        id: {type: integer, readOnly: true}
        created: {type: string, format: date-time}
    Customer:
      type: object
      properties:
        name: {type: string, pattern: '^[A-Z][a-z]{3}$'}
        email: {type: string, format: email}
        self: {$ref: '#/components/schemas/Customer'}
)";

TEST(OpenApi3, ServersOperationsParametersAndBodies) {
  auto spec = parseApiSpec(kOpenApi3, kProject);
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->type, SpecType::OpenApi3);
  ASSERT_EQ(spec->servers.size(), 2u);
  EXPECT_EQ(spec->servers[0], "https://api.example.invalid/v1");
  EXPECT_EQ(spec->servers[1], "http://127.0.0.1:8080/api/v1");
  ASSERT_EQ(spec->operations.size(), 3u);

  auto* user = find(*spec, "GET /users/{username}");
  ASSERT_TRUE(user);
  EXPECT_TRUE(user->needsAuth);
  ASSERT_TRUE(param(*user, "username"));
  EXPECT_EQ(param(*user, "username")->location, "path");
  EXPECT_EQ(param(*user, "username")->value, "alice");
  EXPECT_EQ(param(*user, "fields")->value, "all");
  EXPECT_EQ(param(*user, "X-Trace")->value.get<std::string>().size(), 36u);
  EXPECT_FALSE(param(*user, "Authorization"));

  auto* order = find(*spec, "POST /orders");
  ASSERT_TRUE(order);
  EXPECT_FALSE(order->needsAuth);  // security: [] lifts the global requirement
  EXPECT_EQ(order->bodyType, "application/json");
  EXPECT_FALSE(order->body.contains("id")) << order->body.dump();  // readOnly
  EXPECT_EQ(order->body["created"], "2024-01-01T12:00:00Z");
  EXPECT_EQ(order->body["quantity"], 1);
  EXPECT_EQ(order->body["customer"]["name"], "Aaaa");
  EXPECT_EQ(order->body["customer"]["email"], "scanner@example.com");
  EXPECT_FALSE(order->body["customer"].contains("self"));  // the cycle is cut

  auto* login = find(*spec, "POST /login");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->bodyType, "application/x-www-form-urlencoded");
  EXPECT_EQ(param(*login, "user")->location, "form");
  EXPECT_EQ(param(*login, "pin")->value, 1000);
}

TEST(OpenApi3, EndpointsCarryPathParametersAndJsonMembers) {
  auto spec = parseApiSpec(kOpenApi3, kProject);
  ASSERT_TRUE(spec);
  Endpoint user = endpointFor(*find(*spec, "GET /users/{username}"), spec->servers[1], "shop");
  EXPECT_EQ(user.operation, "GET /users/{username}");
  EXPECT_EQ(user.concreteUrl(), "http://127.0.0.1:8080/api/v1/users/alice");
  auto baseline = user.request();
  EXPECT_EQ(baseline.url, "http://127.0.0.1:8080/api/v1/users/alice?fields=all");
  auto attacked = user.requestWith(0, "a'b/c");
  EXPECT_EQ(attacked.url, "http://127.0.0.1:8080/api/v1/users/a%27b%2Fc?fields=all");

  Endpoint order = endpointFor(*find(*spec, "POST /orders"), spec->servers[1], "shop");
  std::size_t nameAt = order.inputs.size();
  for (std::size_t i = 0; i < order.inputs.size(); ++i)
    if (order.inputs[i].name == "/customer/name") nameAt = i;
  ASSERT_LT(nameAt, order.inputs.size());
  EXPECT_EQ(order.inputs[nameAt].kind, InputKind::JsonMember);
  auto body = nlohmann::json::parse(order.requestWith(nameAt, "x'").body);
  EXPECT_EQ(body["customer"]["name"], "x'");
  EXPECT_EQ(body["quantity"], 1);  // the other members keep their types
  EXPECT_EQ(nlohmann::json::parse(order.request().body)["quantity"], 1);
}

TEST(OpenApi2, HostBasePathBodyAndFormData) {
  const char* doc = R"({"swagger": "2.0", "info": {"title": "t", "version": "1"},
    "basePath": "/api", "schemes": ["http"],
    "securityDefinitions": {"key": {"type": "apiKey", "in": "header", "name": "Authorization"}},
    "paths": {
      "/notes/{id}": {"get": {"security": [{"key": []}],
        "parameters": [{"name": "id", "in": "path", "type": "integer", "minimum": 3}]}},
      "/notes": {"post": {"parameters": [{"name": "body", "in": "body",
        "schema": {"$ref": "#/definitions/Note"}}]}},
      "/upload": {"post": {"consumes": ["application/x-www-form-urlencoded"],
        "parameters": [{"name": "title", "in": "formData", "type": "string", "default": "x"}]}}},
    "definitions": {"Note": {"type": "object", "properties": {"text": {"type": "string"}}}}})";
  auto spec = parseApiSpec(doc, kProject);
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->type, SpecType::OpenApi2);
  ASSERT_EQ(spec->servers.size(), 1u);
  EXPECT_EQ(spec->servers[0], "http://127.0.0.1:8080/api");
  auto* note = find(*spec, "GET /notes/{id}");
  ASSERT_TRUE(note);
  EXPECT_TRUE(note->needsAuth);
  EXPECT_EQ(param(*note, "id")->value, 3);
  auto* post = find(*spec, "POST /notes");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->body["text"], "test");
  auto* upload = find(*spec, "POST /upload");
  EXPECT_EQ(upload->bodyType, "application/x-www-form-urlencoded");
  EXPECT_EQ(param(*upload, "title")->value, "x");
}

TEST(Har, KeepsTheProjectOriginTemplatesIdsAndDropsSessionHeaders) {
  const char* har = R"({"log": {"version": "1.2", "creator": {"name": "test"}, "entries": [
    {"request": {"method": "GET", "url": "http://127.0.0.1:8080/api/v1/users/7?x=1",
      "headers": [{"name": "Authorization", "value": "Bearer old"},
                  {"name": "X-Client", "value": "web"}, {"name": "Cookie", "value": "s=1"}]}},
    {"request": {"method": "GET", "url": "http://127.0.0.1:8080/api/v1/users/8?x=2"}},
    {"request": {"method": "GET", "url": "http://127.0.0.1:8080/api/v1/users/_debug"}},
    {"request": {"method": "POST", "url": "http://127.0.0.1:8080/api/v1/notes/17/share",
      "postData": {"mimeType": "application/json", "text": "{\"to\": {\"name\": \"bob\"}}"}}},
    {"request": {"method": "GET", "url": "https://cdn.example.invalid/lib.js"}}]}})";
  auto spec = parseApiSpec(har, kProject);
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->type, SpecType::Har);
  ASSERT_EQ(spec->operations.size(), 3u);  // user 8's call is user 7's operation again
  const auto& user = spec->operations[0];
  EXPECT_EQ(user.path, "/api/v1/users/{(path)}");
  EXPECT_EQ(user.label(), "GET /api/v1/users/7");
  EXPECT_EQ(spec->operations[1].label(), "GET /api/v1/users/_debug");  // a name, not an id
  EXPECT_TRUE(user.needsAuth);
  ASSERT_EQ(user.headers.size(), 1u);
  EXPECT_EQ(user.headers[0].first, "X-Client");
  Endpoint share = endpointFor(spec->operations[2], spec->servers[0], "har");
  EXPECT_EQ(share.concreteUrl(), "http://127.0.0.1:8080/api/v1/notes/17/share");
  bool member = false;
  for (const auto& p : share.inputs) member |= p.name == "/to/name";
  EXPECT_TRUE(member);

  auto foreign = parseApiSpec(R"({"log": {"entries": [{"request": {"method": "GET",
      "url": "https://cdn.example.invalid/a"}}]}})",
                              kProject);
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().message.find("cdn.example.invalid"), std::string::npos);
}

TEST(SpecValidation, EveryProblemIsABadRequestThatSaysWhere) {
  struct Case {
    const char* doc;
    const char* says;
  } cases[] = {
      {"openapi: 4.0.0\npaths: {}\n", "unsupported OpenAPI version '4.0.0'"},
      {"swagger: '1.2'\n", "unsupported Swagger version"},
      {"just: text\n", "no 'openapi', 'swagger' or 'log'"},
      {"openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: "
       "'#/components/parameters/Nope'\n",
       "/paths/~1a/get/parameters/0/$ref"},
      {"openapi: 3.0.0\npaths:\n  /a: {get: {parameters: [{$ref: 'other.yaml#/x'}]}}\n",
       "points outside this file"},
      {"openapi: 3.0.0\npaths: {}\n", "no operation"},
      {"openapi: 3.0.0\nservers: [{url: 'ftp://x/'}]\npaths: {/a: {get: {}}}\n", "/servers/0/url"},
      {"openapi: 3.0.0\npaths: {a: {get: {}}}\n", "does not start with '/'"},
      {"openapi: 3.0.0\npaths: {/a: {get: {parameters: [{name: 1, in: [], schema: 7}]}}}\n", ""},
  };
  for (const auto& c : cases) {
    auto spec = parseApiSpec(c.doc, kProject);
    if (std::string(c.says).empty()) continue;  // only: no crash, no exception
    ASSERT_FALSE(spec) << c.doc;
    EXPECT_EQ(spec.error().kind, ErrorKind::BadRequest);
    EXPECT_NE(spec.error().message.find(c.says), std::string::npos)
        << c.doc << "\n-> " << spec.error().message;
  }
  auto relative =
      parseApiSpec("openapi: 3.0.0\nservers: [{url: /v1}]\npaths: {/a: {get: {}}}\n", "");
  ASSERT_FALSE(relative);
  EXPECT_NE(relative.error().message.find("relative"), std::string::npos);
  SpecLimits small;
  small.maxBytes = 10;
  auto big = parseApiSpec(kOpenApi3, kProject, small);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().kind, ErrorKind::TooLarge);
}

}  // namespace
}  // namespace ctc::scanner
