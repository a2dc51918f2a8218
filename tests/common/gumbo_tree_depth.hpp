#pragma once
// Test helper shared by the unit tests and the fuzz harness of the HTML parsing bound.
#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

namespace ctc::test {

/// The deepest element of the tree gumbo builds from html (no limits of our own applied).
inline std::size_t gumboTreeDepth(std::string_view html) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  GumboOutput* doc = gumbo_parse_with_options(&options, html.data(), html.size());
  std::size_t deepest = 0;
  std::vector<std::pair<const GumboNode*, std::size_t>> todo{{doc->root, 1}};
  while (!todo.empty()) {
    auto [node, depth] = todo.back();
    todo.pop_back();
    deepest = std::max(deepest, depth);
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) continue;
    for (unsigned i = 0; i < node->v.element.children.length; ++i)
      todo.push_back({static_cast<const GumboNode*>(node->v.element.children.data[i]), depth + 1});
  }
  gumbo_destroy_output(&options, doc);
  return deepest;
}

}  // namespace ctc::test
