#pragma once
/// A deployment key in a file of its own, not in the database (the credential pepper, the
/// secrets key): created once with mode 0600, read back with its length checked.
#include <cstddef>
#include <string>

#include "ctc/util/result.hpp"

namespace ctc::app {

/// Writes `newKey` to `path` unless a file is already there: to a temporary file first, fsynced
/// and linked into place (the directory fsynced too), so `path` never exists half-written.
/// `what` names the file in errors ("pepper file").
Status createKeyFile(const std::string& path, const std::string& newKey, const std::string& what);

/// The file's bytes, which must be exactly `bytes` long; warns when others may read it.
Result<std::string> readKeyFile(const std::string& path, std::size_t bytes,
                                const std::string& what);

}  // namespace ctc::app
