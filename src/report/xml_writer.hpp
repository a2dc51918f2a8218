#pragma once
/// A thin RAII wrapper around libxml2's xmlTextWriter writing to memory, shared by the XML and
/// JUnit writers. Every string passes through sanitizeXmlText, so the output is always
/// well-formed XML 1.0 whatever bytes the scanner collected. Not thread-safe; one per document.
#include <libxml/xmlwriter.h>

#include <string>
#include <string_view>

namespace ctc::report {

class XmlWriter {
 public:
  XmlWriter();
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  void startElement(std::string_view name);
  void endElement();
  void attribute(std::string_view name, std::string_view value);
  void text(std::string_view value);
  /// <name>value</name>
  void element(std::string_view name, std::string_view value);

  /// Closes open elements and returns the document ("<?xml ...?>" included).
  std::string finish();

 private:
  xmlBufferPtr buffer_ = nullptr;
  xmlTextWriterPtr writer_ = nullptr;
};

}  // namespace ctc::report
