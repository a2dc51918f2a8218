#include "ctc/util/uuid.hpp"

#include <sodium.h>

#include <array>
#include <cstdio>

namespace ctc {

std::string idUuid(uint32_t kind, int64_t id) {
  char out[40];
  std::snprintf(out, sizeof out, "%08x-0000-4000-8000-%012llx", kind,
                static_cast<unsigned long long>(id) & 0xffffffffffffULL);
  return out;
}

std::string nameUuid(std::string_view name) {
  std::array<unsigned char, 16> h{};
  crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(name.data()),
                     name.size(), nullptr, 0);
  h[6] = (h[6] & 0x0f) | 0x80;  // version 8: custom
  h[8] = (h[8] & 0x3f) | 0x80;  // RFC 9562 variant
  char out[40];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", h[0], h[1],
                h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14],
                h[15]);
  return out;
}

}  // namespace ctc
