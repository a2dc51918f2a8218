// Linked into the harnesses that reach resolveAllowedHost (the SSRF rule): getaddrinfo here
// replaces libc's for the whole executable and forces AI_NUMERICHOST, so a fuzzed host name
// never becomes a DNS query (it fails as "does not resolve" instead, which is also what an
// unknown name does in production). Numeric addresses, including the decimal/octal/hex IPv4
// spellings that the SSRF rule must canonicalise, still go through glibc's real parser.
//
// ASan's own getaddrinfo interceptor is a weak alias, so this strong definition takes its place
// without a link conflict; the real function is found with dlsym(RTLD_NEXT).
#include <dlfcn.h>
#include <netdb.h>

#include <cstdio>
#include <cstdlib>

namespace {

using GetaddrinfoFn = int (*)(const char*, const char*, const addrinfo*, addrinfo**);

GetaddrinfoFn realGetaddrinfo() {
  static GetaddrinfoFn fn = [] {
    auto f = reinterpret_cast<GetaddrinfoFn>(dlsym(RTLD_NEXT, "getaddrinfo"));
    if (!f) {
      std::fprintf(stderr, "no_dns.cpp: cannot find libc getaddrinfo\n");
      std::abort();
    }
    return f;
  }();
  return fn;
}

}  // namespace

extern "C" int getaddrinfo(const char* node, const char* service, const addrinfo* hints,
                           addrinfo** res) {
  addrinfo numeric{};
  if (hints) numeric = *hints;
  numeric.ai_flags |= AI_NUMERICHOST;
  return realGetaddrinfo()(node, service, &numeric, res);
}
