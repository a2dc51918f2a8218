#pragma once
/// UUID-shaped public ids for API surfaces whose clients expect UUIDs (Codacy's analysisId,
/// security item ids) over our integer ids.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ctc {

/// "kkkkkkkk-0000-4000-8000-iiiiiiiiiiii": the kind tag and the id in hex, a valid RFC 9562
/// version-4-shaped UUID that idFromUuid reads back. ids up to 2^48.
std::string idUuid(uint32_t kind, int64_t id);
/// The id of an idUuid of this kind (hex in either case); nullopt for anything else.
std::optional<int64_t> idFromUuid(std::string_view uuid, uint32_t kind);
/// A version-8 UUID from a BLAKE2b hash of `name`: the same name always gives the same UUID.
std::string nameUuid(std::string_view name);

}  // namespace ctc
