#include "ctc/util/libxml.hpp"

#include <libxml/parser.h>

#include <mutex>

namespace ctc {

void initLibxmlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

}  // namespace ctc
