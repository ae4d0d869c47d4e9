#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace w2v {

// A labelled point of a word map, in data coordinates (PCA units).
struct MapPoint {
  std::string label;  // the word (any bytes; drawn as UTF-8, invalid bytes as U+FFFD)
  double x = 0, y = 0;
  enum Role { kWord, kSource, kTarget, kBoth } role = kWord;  // colour: the end of a pair or not
};

// An arrow from point `from` to point `to` (a pair "a b": from a to b).
struct MapArrow {
  std::size_t from = 0, to = 0;
};

struct MapStyle {
  int width = 900;      // pixels; the height follows the data's aspect
  int font_size = 13;   // label size in pixels
  std::string title;    // drawn at the top when not empty
  std::string caption;  // drawn at the bottom when not empty
};

// Where a label went: its text box in pixels (see label_width) and whether a leader line joins
// it to its point because it had to move away.
struct LabelBox {
  double x0, y0, x1, y1;
  bool leader;
};

// The estimated width in pixels of text in a sans-serif font: 0.6 * font_size per character
// (UTF-8 code point) plus 2, a little wider than most fonts draw lower-case text.
double label_width(std::string_view text, int font_size);

// Draws the points as an SVG document: one scale for both axes (distances are kept), a dot per
// point with its word in a tooltip, an arrow per pair, and each label placed greedily next to
// its point where it overlaps no other label, no dot and stays inside the picture (trying 8
// directions at growing distances; a label that had to move far gets a leader line). boxes,
// if given, receives the label boxes (in point order). Throws UsageError for fewer than one
// point or a width below 200.
std::string render_word_map(const std::vector<MapPoint>& points,
                            const std::vector<MapArrow>& arrows, const MapStyle& style,
                            std::vector<LabelBox>* boxes = nullptr);

// text made safe for XML character data and attributes: & < > " ' escaped, and control bytes
// and bytes that are not valid UTF-8 replaced by U+FFFD (XML 1.0 allows neither).
std::string xml_escape(std::string_view text);

}  // namespace w2v
