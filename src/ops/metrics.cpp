#include "ctc/ops/metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string_view>

namespace ctc::ops {
namespace {

bool validName(const std::string& s, bool colons) {
  auto head = [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':');
  };
  return !s.empty() && head(s[0]) && std::all_of(s.begin() + 1, s.end(), [&](char c) {
    return head(c) || (c >= '0' && c <= '9');
  });
}

std::string formatNumber(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  // Below 2^53 every integral double is exact as an int64.
  if (v == std::trunc(v) && std::fabs(v) < 9007199254740992.0)
    return std::to_string(static_cast<long long>(v));
  char buf[32];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}

void escapeInto(std::string& out, const std::string& s, bool quotes) {
  for (char c : s) {
    if (c == '\\' || (c == '"' && quotes)) out += '\\';
    out += c == '\n' ? std::string_view("\\n") : std::string_view(&c, 1);
  }
}

/// `name{a="x",le="1"} value\n`; no braces when there are no labels.
void sampleLine(std::string& out, std::string_view name, const std::vector<std::string>& names,
                const Labels& values, const std::string& le, const std::string& value) {
  out += name;
  if (!names.empty() || !le.empty()) {
    for (size_t i = 0; i < names.size(); ++i) {
      out += (i ? "," : "{") + names[i] + "=\"";
      escapeInto(out, values[i], true);
      out += '"';
    }
    if (!le.empty()) out += (names.empty() ? "{le=\"" : ",le=\"") + le + '"';
    out += '}';
  }
  out += ' ' + value + '\n';
}

}  // namespace

namespace detail {

Family::Family(std::string name, std::string help, std::vector<std::string> labelNames,
               const char* type, std::vector<double> upperBounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      labelNames_(std::move(labelNames)),
      type_(type),
      upperBounds_(std::move(upperBounds)) {
  auto fail = [&](const std::string& why) { throw std::invalid_argument(name_ + ": " + why); };
  if (!validName(name_, true)) fail("bad metric name");
  for (auto l = labelNames_.begin(); l != labelNames_.end(); ++l) {
    if (!validName(*l, false) || l->rfind("__", 0) == 0) fail("bad label name '" + *l + "'");
    if (std::find(labelNames_.begin(), l, *l) != l) fail("repeated label name '" + *l + "'");
    if (*l == "le" && type_ == std::string_view("histogram"))
      fail("label name 'le' is reserved in histograms");
  }
  if (!upperBounds_.empty() && upperBounds_.back() == INFINITY) upperBounds_.pop_back();
  for (size_t i = 0; i < upperBounds_.size(); ++i)
    if (!std::isfinite(upperBounds_[i]) || (i > 0 && !(upperBounds_[i - 1] < upperBounds_[i])))
      fail("bucket bounds must be finite and strictly increasing");
}

void Family::checkArity(const Labels& values) const {
  if (values.size() != labelNames_.size())
    throw std::invalid_argument(name_ + " takes " + std::to_string(labelNames_.size()) +
                                " label values, got " + std::to_string(values.size()));
}

void Family::render(std::string& out) const {
  out += "# HELP " + name_ + ' ';
  escapeInto(out, help_, false);
  out += "\n# TYPE " + name_ + ' ' + type_ + '\n';
  std::lock_guard lock(mutex_);
  if (series_.empty() && labelNames_.empty()) renderSeries(out, {}, Series{});
  for (const auto& [values, s] : series_) renderSeries(out, values, s);
}

void Family::renderSeries(std::string& out, const Labels& values, const Series& s) const {
  if (type_ != std::string_view("histogram"))
    return sampleLine(out, name_, labelNames_, values, "", formatNumber(s.value));
  std::uint64_t cumulative = 0;
  for (size_t i = 0; i <= upperBounds_.size(); ++i) {
    cumulative += s.buckets.empty() ? 0 : s.buckets[i];
    sampleLine(out, name_ + "_bucket", labelNames_, values,
               i < upperBounds_.size() ? formatNumber(upperBounds_[i]) : "+Inf",
               std::to_string(cumulative));
  }
  sampleLine(out, name_ + "_sum", labelNames_, values, "", formatNumber(s.value));
  sampleLine(out, name_ + "_count", labelNames_, values, "", std::to_string(s.count));
}

}  // namespace detail

void CounterFamily::inc(const Labels& values, double by) {
  checkArity(values);
  if (!(by >= 0)) return;
  std::lock_guard lock(mutex_);
  series_[values].value += by;
}

void GaugeFamily::set(const Labels& values, double v) {
  checkArity(values);
  std::lock_guard lock(mutex_);
  series_[values].value = v;
}

void GaugeFamily::add(const Labels& values, double by) {
  checkArity(values);
  std::lock_guard lock(mutex_);
  series_[values].value += by;
}

void GaugeFamily::clear() {
  std::lock_guard lock(mutex_);
  series_.clear();
}

void HistogramFamily::observe(const Labels& values, double v) {
  checkArity(values);
  // The first bound with v <= bound, spelled so that NaN lands past the end, in +Inf.
  const size_t i = std::partition_point(upperBounds_.begin(), upperBounds_.end(),
                                        [v](double b) { return !(v <= b); }) -
                   upperBounds_.begin();
  std::lock_guard lock(mutex_);
  Series& s = series_[values];
  s.buckets.resize(upperBounds_.size() + 1);
  ++s.buckets[i];
  s.value += v;
  ++s.count;
}

template <typename F, typename... Args>
F& MetricsRegistry::add(std::vector<std::string> claims, Args&&... args) {
  std::unique_ptr<F> family(new F(std::forward<Args>(args)...));  // validates; may throw
  std::lock_guard lock(mutex_);
  for (const auto& c : claims)
    if (claimed_.count(c)) throw std::invalid_argument("metric '" + c + "' already registered");
  claimed_.insert(claims.begin(), claims.end());
  families_.push_back(std::move(family));
  return static_cast<F&>(*families_.back());
}

CounterFamily& MetricsRegistry::counter(std::string name, std::string help,
                                        std::vector<std::string> labelNames) {
  return add<CounterFamily>({name}, name, std::move(help), std::move(labelNames), "counter");
}

GaugeFamily& MetricsRegistry::gauge(std::string name, std::string help,
                                    std::vector<std::string> labelNames) {
  return add<GaugeFamily>({name}, name, std::move(help), std::move(labelNames), "gauge");
}

HistogramFamily& MetricsRegistry::histogram(std::string name, std::string help,
                                            std::vector<std::string> labelNames,
                                            std::vector<double> upperBounds) {
  return add<HistogramFamily>({name, name + "_bucket", name + "_sum", name + "_count"}, name,
                              std::move(help), std::move(labelNames), "histogram",
                              std::move(upperBounds));
}

void MetricsRegistry::onScrape(std::function<void()> refresh) {
  std::lock_guard lock(mutex_);
  refreshers_.push_back(std::move(refresh));
}

std::string MetricsRegistry::render() const {
  std::lock_guard scrape(scrapeMutex_);
  std::vector<std::function<void()>> refreshers;
  std::vector<const detail::Family*> families;
  {
    std::lock_guard lock(mutex_);
    refreshers = refreshers_;
    for (const auto& f : families_) families.push_back(f.get());
  }
  for (const auto& refresh : refreshers) refresh();  // outside mutex_: a refresh may register
  std::string out;
  for (const auto* f : families) f->render(out);
  return out;
}

}  // namespace ctc::ops
