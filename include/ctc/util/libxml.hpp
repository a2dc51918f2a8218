#pragma once
/// libxml2 2.9 initialises itself lazily, and that first initialisation is not thread-safe:
/// every user calls this before its first libxml2 call.
namespace ctc {

void initLibxmlOnce();

}  // namespace ctc
