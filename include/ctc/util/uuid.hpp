#pragma once
/// UUID-shaped public ids for API surfaces whose clients expect UUIDs (Codacy's analysisId,
/// security item ids) over our integer ids.
#include <cstdint>
#include <string>
#include <string_view>

namespace ctc {

/// "kkkkkkkk-0000-4000-8000-iiiiiiiiiiii": the kind tag and the id in hex, a valid RFC 9562
/// version-4-shaped UUID (ids up to 2^48), distinct per kind and id.
std::string idUuid(uint32_t kind, int64_t id);
/// A version-8 UUID from a BLAKE2b hash of `name`: the same name always gives the same UUID.
std::string nameUuid(std::string_view name);

}  // namespace ctc
