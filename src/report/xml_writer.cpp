#include "xml_writer.hpp"

#include <libxml/parser.h>

#include "ctc/report/xml_text.hpp"
#include "ctc/util/libxml.hpp"

namespace ctc::report {
namespace {

const xmlChar* xml(const std::string& s) {
  return reinterpret_cast<const xmlChar*>(s.c_str());
}

}  // namespace

XmlWriter::XmlWriter() {
  initLibxmlOnce();
  buffer_ = xmlBufferCreate();
  if (buffer_ == nullptr) return;
  writer_ = xmlNewTextWriterMemory(buffer_, 0);
  if (writer_ == nullptr) return;
  xmlTextWriterSetIndent(writer_, 1);
  xmlTextWriterSetIndentString(writer_, reinterpret_cast<const xmlChar*>("  "));
  xmlTextWriterStartDocument(writer_, nullptr, "UTF-8", nullptr);
}

XmlWriter::~XmlWriter() {
  if (writer_ != nullptr) xmlFreeTextWriter(writer_);
  if (buffer_ != nullptr) xmlBufferFree(buffer_);
}

void XmlWriter::startElement(std::string_view name) {
  if (writer_ != nullptr) xmlTextWriterStartElement(writer_, xml(std::string(name)));
}

void XmlWriter::endElement() {
  if (writer_ != nullptr) xmlTextWriterEndElement(writer_);
}

void XmlWriter::attribute(std::string_view name, std::string_view value) {
  if (writer_ == nullptr) return;
  xmlTextWriterWriteAttribute(writer_, xml(std::string(name)), xml(sanitizeXmlText(value)));
}

void XmlWriter::text(std::string_view value) {
  if (writer_ == nullptr || value.empty()) return;
  xmlTextWriterWriteString(writer_, xml(sanitizeXmlText(value)));
}

void XmlWriter::element(std::string_view name, std::string_view value) {
  startElement(name);
  text(value);
  endElement();
}

std::string XmlWriter::finish() {
  if (writer_ == nullptr) return {};
  xmlTextWriterEndDocument(writer_);
  // Freeing the writer flushes it into buffer_.
  xmlFreeTextWriter(writer_);
  writer_ = nullptr;
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
                     static_cast<std::size_t>(xmlBufferLength(buffer_)));
}

}  // namespace ctc::report
