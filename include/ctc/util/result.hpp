#pragma once
/// Errors as values at module boundaries. An Error carries a kind (mapped to an HTTP status in
/// exactly one place, httpStatus() in src/http/envelope.cpp), a public message safe to show a
/// client, and optional per-field reasons.
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ctc {

enum class ErrorKind {
  BadRequest,    ///< the client sent something malformed or invalid (400)
  Unauthorized,  ///< no key, or a key we do not know (401)
  Forbidden,     ///< authenticated, but not allowed (403)
  NotFound,      ///< no such resource, or not visible to this caller (404)
  Conflict,      ///< the resource is in the wrong state for this (409)
  TooLarge,      ///< body over the limit (413)
  RateLimited,   ///< slow down (429)
  Unavailable,   ///< storage or dependency temporarily failing (503)
  Internal,      ///< a bug; the message is never shown to clients (500)
};

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string message;
  std::map<std::string, std::vector<std::string>> fields;

  static Error badRequest(std::string m) { return {ErrorKind::BadRequest, std::move(m), {}}; }
  static Error field(std::string name, std::string why) {
    Error e{ErrorKind::BadRequest, "invalid field '" + name + "': " + why, {}};
    e.fields[std::move(name)].push_back(std::move(why));
    return e;
  }
  static Error unauthorized(std::string m) { return {ErrorKind::Unauthorized, std::move(m), {}}; }
  static Error forbidden(std::string m) { return {ErrorKind::Forbidden, std::move(m), {}}; }
  static Error notFound(std::string m) { return {ErrorKind::NotFound, std::move(m), {}}; }
  static Error conflict(std::string m) { return {ErrorKind::Conflict, std::move(m), {}}; }
  static Error unavailable(std::string m) { return {ErrorKind::Unavailable, std::move(m), {}}; }
  static Error internal(std::string m) { return {ErrorKind::Internal, std::move(m), {}}; }
};

/// Either a value or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status okStatus() {
  return Unit{};
}

}  // namespace ctc
