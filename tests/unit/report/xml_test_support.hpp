#pragma once
/// libxml2 helpers for the XML and JUnit report tests: parse, validate against an XSD, XPath.
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include <memory>
#include <string>
#include <vector>

namespace ctc::report::testing {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocFree>;

/// Parses without network access or entity expansion; nullptr if not well-formed.
inline XmlDoc parseXml(const std::string& text) {
  return XmlDoc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "report.xml", nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

/// Validation errors of `text` against the schema (empty = valid). A parse failure of either
/// document is reported as an error too.
inline std::vector<std::string> schemaErrors(const std::string& text, const std::string& xsd,
                                             bool xsdIsPath) {
  std::vector<std::string> errors;
  xmlSchemaParserCtxtPtr parser =
      xsdIsPath ? xmlSchemaNewParserCtxt(xsd.c_str())
                : xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size()));
  xmlSchemaPtr schema = parser ? xmlSchemaParse(parser) : nullptr;
  if (parser) xmlSchemaFreeParserCtxt(parser);
  if (!schema) return {"cannot parse schema"};
  XmlDoc doc = parseXml(text);
  if (!doc) {
    errors.push_back("document is not well-formed");
  } else {
    xmlSchemaValidCtxtPtr valid = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidStructuredErrors(
        valid,
        [](void* user, xmlErrorPtr error) {
          static_cast<std::vector<std::string>*>(user)->push_back(
              "line " + std::to_string(error->line) + ": " +
              (error->message ? error->message : ""));
        },
        &errors);
    if (xmlSchemaValidateDoc(valid, doc.get()) != 0 && errors.empty())
      errors.push_back("invalid (no message)");
    xmlSchemaFreeValidCtxt(valid);
  }
  xmlSchemaFree(schema);
  return errors;
}

/// Text of every node matching `xpath` (elements: their content; attributes: their value).
inline std::vector<std::string> xpathValues(xmlDoc* doc, const std::string& xpath) {
  std::vector<std::string> values;
  xmlXPathContextPtr context = xmlXPathNewContext(doc);
  xmlXPathObjectPtr result =
      xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), context);
  if (result && result->nodesetval) {
    for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
      xmlChar* content = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
      values.emplace_back(content ? reinterpret_cast<const char*>(content) : "");
      xmlFree(content);
    }
  }
  xmlXPathFreeObject(result);
  xmlXPathFreeContext(context);
  return values;
}

/// The single value matching `xpath`, or "<missing>" / "<ambiguous>".
inline std::string xpathValue(xmlDoc* doc, const std::string& xpath) {
  const auto values = xpathValues(doc, xpath);
  if (values.empty()) return "<missing>";
  if (values.size() > 1) return "<ambiguous>";
  return values[0];
}

inline std::size_t xpathCount(xmlDoc* doc, const std::string& xpath) {
  return xpathValues(doc, xpath).size();
}

}  // namespace ctc::report::testing
