// Parse + plan time and peak memory for a large generated API description.
//   ctc_spec_plan_bench [--paths N] [--chains N] [--depth N] [--runs N] [--format json|yaml|both]
// The program writes an OpenAPI 3.0 document in memory, once as JSON and once as YAML (block
// style, as hand-written descriptions are): --paths paths (default 500) x 4 methods, each with a
// shared path parameter and a shared query parameter ($ref to components/parameters), an inline
// query parameter, a JSON request body whose schema is a $ref chain --depth deep (Chain<c>S0 ->
// allOf [$ref Chain<c>S1, {properties}] -> ... -> the last one with 10 properties of mixed types
// and formats, one of them a $ref) and responses ($ref to components/responses). Path p uses
// chain p % --chains (default: one chain per path). --dump json|yaml prints the document instead.
//
// For each format it then times ctc::scanner::parseApiSpec (read, $ref check, example values)
// and the plan: endpointFor of every operation plus the baseline Endpoint::request() of each,
// --runs times (default 3), and prints the medians. Each format runs in its own forked process,
// so "peak RSS" (getrusage ru_maxrss) is that format's alone: the program, its document text and
// everything parse and plan allocate. The generator streams text (no tree), so its own peak is
// the text. Exit status: 0, or 1 when a parse fails.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ctc/scanner/spec/api_spec.hpp"
#include "ctc/scanner/spec/request_plan.hpp"

namespace {

// --- a streaming writer, JSON (pretty, 2 spaces) or block YAML --------------------------------

class Writer {
 public:
  explicit Writer(bool yaml) : yaml_(yaml) { out_.reserve(8u << 20); }

  void beginObject() { open(true); }
  void beginArray() { open(false); }
  void end() {
    Frame f = frames_.back();
    frames_.pop_back();
    if (yaml_) {
      if (f.empty) {  // only the header was pending
        out_ += f.header;
        out_ += f.object ? " {}\n" : " []\n";
      }
      return;
    }
    if (!f.empty) {
      out_ += '\n';
      indent(frames_.size());
    }
    out_ += f.object ? '}' : ']';
  }
  void key(const std::string& k) { key_ = k; }
  void string(const std::string& s) { scalar(yaml_ ? yamlScalar(s) : quoted(s)); }
  void number(long long n) { scalar(std::to_string(n)); }
  void number(double d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", d);
    scalar(buf);
  }
  void boolean(bool b) { scalar(b ? "true" : "false"); }

  // Shorthands for a member.
  void str(const std::string& k, const std::string& v) { key(k), string(v); }
  void num(const std::string& k, long long v) { key(k), number(v); }
  void boolean(const std::string& k, bool v) { key(k), boolean(v); }
  void ref(const std::string& target) {  // {"$ref": target} as a value
    beginObject();
    str("$ref", target);
    end();
  }

  std::string take() {
    if (!yaml_) out_ += '\n';
    return std::move(out_);
  }

 private:
  struct Frame {
    bool object;
    bool empty = true;
    std::string header;           // YAML: "<indent>key:" or "<indent>-" not written yet
    std::size_t indent = 0;       // YAML: indentation of this collection's entries
    bool firstKeyOnDash = false;  // YAML: a mapping that is a sequence item
  };

  void indent(std::size_t n) { out_.append(2 * n, ' '); }

  static std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + '"';
  }

  /// Plain when YAML reads it back as the same string, else double-quoted.
  static std::string yamlScalar(const std::string& s) {
    static const char* reserved[] = {"true", "false", "null", "yes", "no", "on", "off", "~"};
    bool plain = !s.empty() && (std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '/' ||
                                s[0] == '_' || s[0] == '$');
    for (char c : s)
      if (!std::isalnum(static_cast<unsigned char>(c)) && !std::strchr("_./- {}$", c))
        plain = false;
    if (plain && s.back() == ' ') plain = false;
    std::string lower = s;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* r : reserved)
      if (lower == r) plain = false;
    if (plain && s.find_first_of("{}") != std::string::npos && s[0] != '/') plain = false;
    return plain ? s : quoted(s);
  }

  // Before a child of the innermost collection: separators (JSON) or the pending header (YAML).
  // Returns the YAML prefix of the child's line.
  std::string child() {
    if (frames_.empty()) return "";
    Frame& f = frames_.back();
    bool first = f.empty;
    f.empty = false;
    if (!yaml_) {
      if (!first) out_ += ',';
      out_ += '\n';
      indent(frames_.size());
      if (f.object) out_ += quoted(key_) + ": ";
      return "";
    }
    if (first && !f.header.empty() && !f.firstKeyOnDash) out_ += f.header + "\n";
    std::string prefix(2 * f.indent, ' ');
    if (f.firstKeyOnDash && first) prefix = std::string(2 * (f.indent - 1), ' ') + "- ";
    if (f.object) return prefix + yamlScalar(key_) + ":";
    return prefix + "-";
  }

  void scalar(const std::string& text) {
    if (!yaml_) {
      child();
      out_ += text;
      return;
    }
    out_ += child() + " " + text + "\n";
  }

  void open(bool object) {
    if (!yaml_) {
      child();
      out_ += object ? '{' : '[';
      frames_.push_back({object, true, "", 0, false});
      return;
    }
    if (frames_.empty()) {
      frames_.push_back({object, true, "", 0, false});
      return;
    }
    Frame& parent = frames_.back();
    if (!parent.object && object) {  // a mapping as a sequence item: "- key: v"
      bool first = parent.empty;
      parent.empty = false;
      std::string pendingParentHeader = first ? parent.header : "";
      if (!pendingParentHeader.empty()) out_ += pendingParentHeader + "\n";
      std::size_t itemIndent = parent.indent + 1;
      frames_.push_back({true, true, std::string(2 * parent.indent, ' ') + "-", itemIndent, true});
      return;
    }
    if (!parent.object) {
      std::fprintf(stderr, "writer: a sequence directly in a sequence is not supported\n");
      std::exit(2);
    }
    std::string header = child();  // "<indent>key:"
    frames_.push_back({object, true, header, parent.indent + 1, false});
  }

  bool yaml_;
  std::string out_;
  std::string key_;
  std::vector<Frame> frames_;
};

// --- the document -----------------------------------------------------------------------------

struct Shape {
  int paths = 500;
  int chains = 0;  // 0: one per path
  int depth = 8;
};

constexpr const char* kMethods[] = {"post", "put", "patch", "delete"};

void leafProperties(Writer& w) {
  w.key("properties");
  w.beginObject();
  w.key("id"), w.beginObject(), w.str("type", "string"), w.str("format", "uuid"),
      w.boolean("readOnly", true), w.end();
  w.key("createdAt"), w.beginObject(), w.str("type", "string"), w.str("format", "date-time"),
      w.end();
  w.key("email"), w.beginObject(), w.str("type", "string"), w.str("format", "email"), w.end();
  w.key("age"), w.beginObject(), w.str("type", "integer"), w.str("format", "int32"),
      w.num("minimum", 18), w.num("maximum", 130), w.end();
  w.key("price"), w.beginObject(), w.str("type", "number"), w.str("format", "double"),
      w.key("minimum"), w.number(0.5), w.end();
  w.key("active"), w.beginObject(), w.str("type", "boolean"), w.end();
  w.key("tags"), w.beginObject(), w.str("type", "array");
  w.key("items"), w.beginObject(), w.str("type", "string"), w.num("maxLength", 20), w.end();
  w.end();
  w.key("code"), w.beginObject(), w.str("type", "string"), w.str("pattern", "^[A-Z]{3}-[0-9]{4}$"),
      w.end();
  w.key("status"), w.beginObject(), w.str("type", "string");
  w.key("enum"), w.beginArray(), w.string("active"), w.string("suspended"), w.string("closed"),
      w.end();
  w.end();
  w.key("address"), w.ref("#/components/schemas/Address");
  w.end();
}

std::string chainName(int chain, int level) {
  return "Chain" + std::to_string(chain) + "S" + std::to_string(level);
}

void chainSchemas(Writer& w, int chain, int depth) {
  for (int level = 0; level < depth; ++level) {
    w.key(chainName(chain, level));
    w.beginObject();
    if (level == depth - 1) {
      w.str("type", "object");
      w.key("required"), w.beginArray(), w.string("email"), w.string("code"), w.end();
      leafProperties(w);
    } else {
      w.key("allOf");
      w.beginArray();
      w.ref("#/components/schemas/" + chainName(chain, level + 1));
      w.beginObject();
      w.str("type", "object");
      w.key("properties");
      w.beginObject();
      std::string l = std::to_string(level);
      w.key("name" + l), w.beginObject(), w.str("type", "string"), w.num("minLength", 3),
          w.num("maxLength", 64), w.end();
      w.key("count" + l), w.beginObject(), w.str("type", "integer"), w.str("format", "int64"),
          w.num("minimum", 0), w.end();
      w.end();
      w.end();
      w.end();
    }
    w.end();
  }
}

void operation(Writer& w, int path, int m, int chain) {
  std::string body = "#/components/schemas/" + chainName(chain, 0);
  w.key(kMethods[m]);
  w.beginObject();
  w.str("operationId", std::string(kMethods[m]) + "Resource" + std::to_string(path));
  w.str("summary", "Operation " + std::to_string(m) + " on resource " + std::to_string(path));
  w.key("tags"), w.beginArray(), w.string("group" + std::to_string(path % 20)), w.end();
  w.key("parameters");
  w.beginArray();
  w.ref("#/components/parameters/Limit");
  w.beginObject();
  w.str("name", "sort");
  w.str("in", "query");
  w.boolean("required", false);
  w.key("schema"), w.beginObject(), w.str("type", "string");
  w.key("enum"), w.beginArray(), w.string("asc"), w.string("desc"), w.end();
  w.end();
  w.end();
  w.end();
  w.key("requestBody");
  w.beginObject();
  w.boolean("required", true);
  w.key("content"), w.beginObject(), w.key("application/json"), w.beginObject();
  w.key("schema"), w.ref(body);
  w.end(), w.end();
  w.end();
  w.key("responses");
  w.beginObject();
  w.key("200"), w.beginObject(), w.str("description", "the resource");
  w.key("content"), w.beginObject(), w.key("application/json"), w.beginObject();
  w.key("schema"), w.ref(body);
  w.end(), w.end();
  w.end();
  w.key("400"), w.ref("#/components/responses/BadRequest");
  w.key("404"), w.ref("#/components/responses/NotFound");
  w.end();
  w.end();
}

std::string document(const Shape& shape, bool yaml) {
  int chains = shape.chains > 0 ? shape.chains : shape.paths;
  Writer w(yaml);
  w.beginObject();
  w.str("openapi", "3.0.3");
  w.key("info"), w.beginObject(), w.str("title", "Generated benchmark API"),
      w.str("version", "1.0.0"), w.end();
  w.key("servers"), w.beginArray(), w.beginObject(), w.str("url", "/api/v1"), w.end(), w.end();
  w.key("security"), w.beginArray(), w.beginObject(), w.key("bearerAuth"), w.beginArray(), w.end(),
      w.end(), w.end();
  w.key("paths");
  w.beginObject();
  for (int p = 0; p < shape.paths; ++p) {
    w.key("/resources" + std::to_string(p) + "/{id}");
    w.beginObject();
    w.key("parameters"), w.beginArray(), w.ref("#/components/parameters/Id"), w.end();
    for (int m = 0; m < 4; ++m) operation(w, p, m, p % chains);
    w.end();
  }
  w.end();
  w.key("components");
  w.beginObject();
  w.key("parameters");
  w.beginObject();
  w.key("Id"), w.beginObject(), w.str("name", "id"), w.str("in", "path"),
      w.boolean("required", true);
  w.key("schema"), w.beginObject(), w.str("type", "string"), w.str("format", "uuid"), w.end();
  w.end();
  w.key("Limit"), w.beginObject(), w.str("name", "limit"), w.str("in", "query");
  w.key("schema"), w.beginObject(), w.str("type", "integer"), w.num("minimum", 1),
      w.num("maximum", 100), w.num("default", 20), w.end();
  w.end();
  w.end();
  w.key("responses");
  w.beginObject();
  for (const char* name : {"BadRequest", "NotFound"}) {
    w.key(name), w.beginObject(), w.str("description", name);
    w.key("content"), w.beginObject(), w.key("application/json"), w.beginObject();
    w.key("schema"), w.ref("#/components/schemas/Error");
    w.end(), w.end();
    w.end();
  }
  w.end();
  w.key("securitySchemes");
  w.beginObject();
  w.key("bearerAuth"), w.beginObject(), w.str("type", "http"), w.str("scheme", "bearer"), w.end();
  w.end();
  w.key("schemas");
  w.beginObject();
  w.key("Error"), w.beginObject(), w.str("type", "object");
  w.key("properties"), w.beginObject();
  w.key("code"), w.beginObject(), w.str("type", "integer"), w.end();
  w.key("message"), w.beginObject(), w.str("type", "string"), w.end();
  w.end();
  w.end();
  w.key("Address"), w.beginObject(), w.str("type", "object");
  w.key("properties"), w.beginObject();
  w.key("street"), w.beginObject(), w.str("type", "string"), w.end();
  w.key("city"), w.beginObject(), w.str("type", "string"), w.num("minLength", 2), w.end();
  w.key("zip"), w.beginObject(), w.str("type", "string"), w.str("pattern", "^[0-9]{5}$"), w.end();
  w.key("country"), w.beginObject(), w.str("type", "string"), w.str("format", "iso-3166"),
      w.key("example"), w.string("DE"), w.end();
  w.end();
  w.end();
  for (int c = 0; c < chains; ++c) chainSchemas(w, c, shape.depth);
  w.end();
  w.end();
  w.end();
  return w.take();
}

// --- measuring --------------------------------------------------------------------------------

double ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

long peakRssKiB() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;  // KiB on Linux
}

/// One format, in this (forked) process. Prints its figures; writes its median total (ms) to
/// `result`. Returns the exit status.
int runCase(const Shape& shape, bool yaml, int runs, int result) {
  const char* name = yaml ? "yaml" : "json";
  std::string text = document(shape, yaml);
  long rssBefore = peakRssKiB();
  std::vector<double> parse, plan, total;
  std::size_t operations = 0, endpoints = 0, points = 0, bodyBytes = 0;
  for (int run = 0; run < runs; ++run) {
    auto t0 = std::chrono::steady_clock::now();
    auto spec = ctc::scanner::parseApiSpec(text, "http://127.0.0.1:8080/");
    auto t1 = std::chrono::steady_clock::now();
    if (!spec) {
      std::printf("%s: parse failed: %s\n", name, spec.error().message.c_str());
      return 1;
    }
    std::vector<ctc::scanner::Endpoint> planned;  // kept, as planApiScan keeps them
    planned.reserve(spec->operations.size());
    endpoints = points = bodyBytes = 0;
    for (const auto& op : spec->operations) {
      planned.push_back(ctc::scanner::endpointFor(op, spec->servers[0], "bench"));
      ctc::scanner::HttpRequest request = planned.back().request();
      bodyBytes += request.body.size() + request.url.size();
      ++endpoints;
      points += planned.back().inputs.size();
    }
    auto t2 = std::chrono::steady_clock::now();
    operations = spec->operations.size();
    parse.push_back(ms(t1 - t0));
    plan.push_back(ms(t2 - t1));
    total.push_back(ms(t2 - t0));
  }
  long rssPeak = peakRssKiB();
  double medianTotal = median(total);
  std::printf(
      "%s: document %zu bytes, %zu operations; median of %d: parse %.1f ms, plan %.1f ms, "
      "total %.1f ms (runs:",
      name, text.size(), operations, runs, median(parse), median(plan), medianTotal);
  for (double t : total) std::printf(" %.1f", t);
  std::printf(
      "); planned %zu endpoints, %zu insertion points (%zu bytes of baseline URL + body); "
      "peak RSS %ld KiB (%ld KiB before the first parse: program + document text)\n",
      endpoints, points, bodyBytes, rssPeak, rssBefore);
  std::fflush(stdout);
  if (write(result, &medianTotal, sizeof medianTotal) != sizeof medianTotal) return 1;
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: ctc_spec_plan_bench [--paths N (500)] [--chains N (0: one per path)] "
               "[--depth N (8)] [--runs N (3)] [--format json|yaml|both] [--dump json|yaml]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Shape shape;
  int runs = 3;
  std::string format = "both", dump;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) return usage();
    std::string v = argv[++i];
    if (a == "--paths")
      shape.paths = std::max(1, std::atoi(v.c_str()));
    else if (a == "--chains")
      shape.chains = std::max(0, std::atoi(v.c_str()));
    else if (a == "--depth")
      shape.depth = std::max(1, std::atoi(v.c_str()));
    else if (a == "--runs")
      runs = std::max(1, std::atoi(v.c_str()));
    else if (a == "--format" && (v == "json" || v == "yaml" || v == "both"))
      format = v;
    else if (a == "--dump" && (v == "json" || v == "yaml"))
      dump = v;
    else
      return usage();
  }
  if (!dump.empty()) {
    std::fputs(document(shape, dump == "yaml").c_str(), stdout);
    return 0;
  }
  std::printf("OpenAPI 3.0: %d paths x 4 methods, $ref chains %d deep, %d distinct chains\n",
              shape.paths, shape.depth, shape.chains > 0 ? shape.chains : shape.paths);
  std::fflush(stdout);

  int status = 0;
  double worst = 0;
  for (bool yaml : {false, true}) {
    if (format != "both" && (format == "yaml") != yaml) continue;
    int fds[2];
    if (pipe(fds) != 0) return 1;
    pid_t child = fork();
    if (child < 0) return 1;
    if (child == 0) {
      close(fds[0]);
      std::_Exit(runCase(shape, yaml, runs, fds[1]));
    }
    close(fds[1]);
    double total = 0;
    bool got = read(fds[0], &total, sizeof total) == sizeof total;
    close(fds[0]);
    int ws = 0;
    waitpid(child, &ws, 0);
    if (!got || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0) status = 1;
    worst = std::max(worst, total);
  }
  if (status == 0)
    std::printf("goal: total < 1000 ms: %s (slowest format %.1f ms)\n",
                worst < 1000 ? "met" : "NOT met", worst);
  return status;
}
