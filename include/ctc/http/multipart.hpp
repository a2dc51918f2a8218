#pragma once
/// multipart/form-data bodies (RFC 7578), enough to take one uploaded file out of them.
#include <optional>
#include <string>
#include <string_view>

#include "ctc/util/result.hpp"

namespace ctc::http {

struct MultipartPart {
  std::string name;      ///< the form field name
  std::string filename;  ///< as the client sent it (may be empty)
  std::string contentType;
  std::string body;
};

/// The boundary of a "multipart/form-data; boundary=..." Content-Type; nullopt for other types.
/// BadRequest when it is multipart without a usable boundary.
Result<std::optional<std::string>> multipartBoundary(std::string_view contentType);

/// The first part named `field`, nullopt when there is none. BadRequest when the body is not
/// multipart with this boundary (no opening delimiter, a part without its headers' end, no
/// closing delimiter).
Result<std::optional<MultipartPart>> findMultipartPart(std::string_view body,
                                                       const std::string& boundary,
                                                       std::string_view field);

}  // namespace ctc::http
