#include "viz/word_map.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>

#include "core/error.h"
#include "text/tokenizer.h"

namespace w2v {

namespace {

constexpr double kDotRadius = 4.0;
const char* const kRoleColor[] = {"#1f77b4", "#1f77b4", "#d62728", "#9467bd"};

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Counts the characters the way the text is drawn: valid UTF-8 characters, and one U+FFFD for
// every byte that is not part of one.
std::size_t n_chars(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0, n = 0;
  while (i < text.size()) {
    const std::size_t len = utf8_char_length(s + i, text.size() - i);
    i += len == 0 ? 1 : len;
    ++n;
  }
  return n;
}

struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
  double overlap_area(const Box& o) const {
    const double w = std::min(x1, o.x1) - std::max(x0, o.x0);
    const double h = std::min(y1, o.y1) - std::max(y0, o.y0);
    return w > 0 && h > 0 ? w * h : 0;
  }
};

// True if the segment (x0, y0)-(x1, y1) crosses box b (Liang-Barsky clipping).
bool crosses(const Box& b, double x0, double y0, double x1, double y1) {
  double t0 = 0, t1 = 1;
  const double dx = x1 - x0, dy = y1 - y0;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {x0 - b.x0, b.x1 - x0, y0 - b.y0, b.y1 - y0};
  for (int k = 0; k < 4; ++k) {
    if (p[k] == 0) {
      if (q[k] < 0) return false;
    } else {
      const double t = q[k] / p[k];
      if (p[k] < 0) {
        t0 = std::max(t0, t);
      } else {
        t1 = std::min(t1, t);
      }
    }
  }
  return t0 <= t1;
}

// Boxes filed by the cells of a uniform grid, so that a candidate label is checked only against
// the boxes near it (maps of thousands of words stay fast).
class BoxGrid {
 public:
  BoxGrid(double width, double height, double cell)
      : cell_(cell),
        nx_(static_cast<int>(width / cell) + 1),
        ny_(static_cast<int>(height / cell) + 1),
        cells_(static_cast<std::size_t>(nx_ * ny_)) {}

  void add(const Box& b) {
    const std::size_t id = boxes_.size();
    boxes_.push_back(b);
    for_cells(b, [&](std::vector<std::size_t>& c) { c.push_back(id); });
  }
  // Total area of b covered by the boxes filed (each counted once).
  double overlap_area(const Box& b) {
    double area = 0;
    ++stamp_;
    seen_.resize(boxes_.size(), 0);
    for_cells(b, [&](std::vector<std::size_t>& c) {
      for (const std::size_t id : c) {
        if (seen_[id] == stamp_) continue;
        seen_[id] = stamp_;
        area += b.overlap_area(boxes_[id]);
      }
    });
    return area;
  }

 private:
  template <class F>
  void for_cells(const Box& b, F&& f) {
    const int x0 = std::clamp(static_cast<int>(b.x0 / cell_), 0, nx_ - 1);
    const int x1 = std::clamp(static_cast<int>(b.x1 / cell_), 0, nx_ - 1);
    const int y0 = std::clamp(static_cast<int>(b.y0 / cell_), 0, ny_ - 1);
    const int y1 = std::clamp(static_cast<int>(b.y1 / cell_), 0, ny_ - 1);
    for (int y = y0; y <= y1; ++y) {
      for (int x = x0; x <= x1; ++x) f(cells_[static_cast<std::size_t>(y * nx_ + x)]);
    }
  }

  double cell_;
  int nx_, ny_;
  std::vector<std::vector<std::size_t>> cells_;
  std::vector<Box> boxes_;
  std::vector<std::uint64_t> seen_;
  std::uint64_t stamp_ = 0;
};

// A label position: the box, and where the text goes (x, baseline y, anchor).
struct Placement {
  Box box;
  double x, y;
  const char* anchor;
};

// Label candidates around a dot at (px, py): 8 directions, distance d from the dot's edge.
Placement candidate(int dir, double px, double py, double d, double w, double f) {
  const double gap = kDotRadius + d;
  const double ascent = 0.8 * f, descent = 0.25 * f;
  double x = px, y = py + 0.35 * f;  // baseline that centres the text on the dot
  const char* anchor = "start";
  switch (dir) {
    case 0:  // east
      x = px + gap;
      break;
    case 1:  // west
      x = px - gap;
      anchor = "end";
      break;
    case 2:  // north-east
      x = px + gap * 0.7;
      y = py - gap * 0.7;
      break;
    case 3:  // south-east
      x = px + gap * 0.7;
      y = py + gap * 0.7 + ascent;
      break;
    case 4:  // north-west
      x = px - gap * 0.7;
      y = py - gap * 0.7;
      anchor = "end";
      break;
    case 5:  // south-west
      x = px - gap * 0.7;
      y = py + gap * 0.7 + ascent;
      anchor = "end";
      break;
    case 6:  // north
      y = py - gap;
      anchor = "middle";
      break;
    default:  // south
      y = py + gap + ascent;
      anchor = "middle";
      break;
  }
  const double x0 = anchor[0] == 's' ? x : anchor[0] == 'e' ? x - w : x - w / 2;
  return {{x0, y - ascent, x0 + w, y + descent}, x, y, anchor};
}

}  // namespace

double label_width(std::string_view text, int font_size) {
  return 0.6 * font_size * static_cast<double>(n_chars(text)) + 2.0;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      switch (c) {
        case '&':
          out += "&amp;";
          break;
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out += "\xef\xbf\xbd";
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    const std::size_t len = utf8_char_length(s + i, text.size() - i);
    if (len == 0) {
      out += "\xef\xbf\xbd";
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string render_word_map(const std::vector<MapPoint>& points,
                            const std::vector<MapArrow>& arrows, const MapStyle& style,
                            std::vector<LabelBox>* boxes) {
  if (points.empty()) throw UsageError("a map needs at least one point");
  if (style.width < 200) {
    throw UsageError("--width must be at least 200, got " + std::to_string(style.width));
  }
  const double f = style.font_size;
  const double width = style.width;

  // One scale for both axes; room around the data for the widest label.
  double xmin = std::numeric_limits<double>::max(), xmax = -xmin, ymin = xmin, ymax = -xmin;
  double widest = 0;
  for (const MapPoint& p : points) {
    xmin = std::min(xmin, p.x);
    xmax = std::max(xmax, p.x);
    ymin = std::min(ymin, p.y);
    ymax = std::max(ymax, p.y);
    widest = std::max(widest, label_width(p.label, style.font_size));
  }
  const double xr = std::max(xmax - xmin, 1e-12), yr = std::max(ymax - ymin, 1e-12);
  const double mx = std::min(20 + widest, width / 4);
  const double top = 30 + (style.title.empty() ? 0 : 1.6 * f) + f;
  const double bottom = 30 + (style.caption.empty() ? 0 : 1.6 * f) + f;
  const double plot_w = width - 2 * mx;
  const double height = std::clamp(std::round(plot_w * yr / xr + top + bottom), 320.0, 1.5 * width);
  const double scale = std::min(plot_w / xr, (height - top - bottom) / yr);
  const double ox = mx + (plot_w - scale * xr) / 2;
  const double oy = top + (height - top - bottom - scale * yr) / 2;
  std::vector<double> px(points.size()), py(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    px[i] = ox + (points[i].x - xmin) * scale;
    py[i] = oy + (ymax - points[i].y) * scale;  // y grows downwards in SVG
  }

  // Labels, greedily, in point order: every candidate (8 directions at growing distances) is
  // scored by what it would cover, in this order of importance: the outside of the picture,
  // other labels and dots (area in pixels^2), arrows crossed, then its distance from the dot;
  // the cheapest wins. A label that ends up far from its dot gets a leader line.
  BoxGrid taken(width, height, 64);  // the dots, then each label as it is placed
  for (std::size_t i = 0; i < points.size(); ++i) {
    taken.add({px[i] - kDotRadius, py[i] - kDotRadius, px[i] + kDotRadius, py[i] + kDotRadius});
  }
  const Box canvas{2, 2, width - 2, height - 2};
  std::vector<Placement> placed;
  std::vector<bool> leader(points.size(), false);
  static const double kDistances[] = {2, 6, 12, 20, 32, 48, 70, 100, 140, 190};
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double w = label_width(points[i].label, style.font_size);
    double best_cost = std::numeric_limits<double>::max();
    Placement best{};
    for (std::size_t di = 0; di < std::size(kDistances); ++di) {
      for (int dir = 0; dir < 8; ++dir) {
        const Placement c = candidate(dir, px[i], py[i], kDistances[di], w, f);
        double cost = kDistances[di];
        if (c.box.x0 < canvas.x0 || c.box.x1 > canvas.x1 || c.box.y0 < canvas.y0 ||
            c.box.y1 > canvas.y1) {
          cost += 1e9;
        }
        cost += 1e3 * taken.overlap_area(c.box);
        for (const MapArrow& a : arrows) {
          if (crosses(c.box, px[a.from], py[a.from], px[a.to], py[a.to])) cost += 40;
        }
        if (cost < best_cost) {
          best_cost = cost;
          best = c;
          leader[i] = di >= 3;
        }
      }
    }
    placed.push_back(best);
    taken.add(best.box);
  }

  std::string svg;
  svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" +
         num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\">\n";
  svg +=
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
      "markerHeight=\"8\" orient=\"auto\"><path d=\"M0,1 L10,5 L0,9 z\" fill=\"#888888\"/>"
      "</marker></defs>\n";
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  const std::string font = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\"";
  if (!style.title.empty()) {
    svg += "<text x=\"" + num(width / 2) + "\" y=\"" + num(20 + f) + "\" " + font +
           " font-size=\"" + num(1.3 * f) + "\" text-anchor=\"middle\" fill=\"#222222\">" +
           xml_escape(style.title) + "</text>\n";
  }
  svg += "<g class=\"arrows\" stroke=\"#888888\" stroke-width=\"1.2\">\n";
  for (const MapArrow& a : arrows) {
    const double dx = px[a.to] - px[a.from], dy = py[a.to] - py[a.from];
    const double len = std::sqrt(dx * dx + dy * dy);
    if (len < 2 * kDotRadius + 2) continue;  // the two dots touch: no room for an arrow
    const double ux = dx / len, uy = dy / len;
    svg += "<line x1=\"" + num(px[a.from] + ux * (kDotRadius + 1)) + "\" y1=\"" +
           num(py[a.from] + uy * (kDotRadius + 1)) + "\" x2=\"" +
           num(px[a.to] - ux * (kDotRadius + 1.5)) + "\" y2=\"" +
           num(py[a.to] - uy * (kDotRadius + 1.5)) + "\" marker-end=\"url(#arrow)\"/>\n";
  }
  svg += "</g>\n<g class=\"leaders\" stroke=\"#bbbbbb\" stroke-width=\"0.8\">\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!leader[i]) continue;
    const Box& b = placed[i].box;
    const double tx = std::clamp(px[i], b.x0, b.x1), ty = std::clamp(py[i], b.y0, b.y1);
    svg += "<line x1=\"" + num(px[i]) + "\" y1=\"" + num(py[i]) + "\" x2=\"" + num(tx) +
           "\" y2=\"" + num(ty) + "\"/>\n";
  }
  svg += "</g>\n<g class=\"points\">\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    svg += "<circle cx=\"" + num(px[i]) + "\" cy=\"" + num(py[i]) + "\" r=\"" + num(kDotRadius) +
           "\" fill=\"" + kRoleColor[points[i].role] + "\"><title>" + xml_escape(points[i].label) +
           "</title></circle>\n";
  }
  svg += "</g>\n<g class=\"labels\" " + font + " font-size=\"" + num(f) + "\" fill=\"#222222\">\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Placement& p = placed[i];
    svg += "<text x=\"" + num(p.x) + "\" y=\"" + num(p.y) + "\" text-anchor=\"" + p.anchor + "\">" +
           xml_escape(points[i].label) + "</text>\n";
  }
  svg += "</g>\n";
  if (!style.caption.empty()) {
    svg += "<text x=\"" + num(width / 2) + "\" y=\"" + num(height - 14) + "\" " + font +
           " font-size=\"" + num(0.85 * f) + "\" text-anchor=\"middle\" fill=\"#666666\">" +
           xml_escape(style.caption) + "</text>\n";
  }
  svg += "</svg>\n";
  if (boxes != nullptr) {
    boxes->clear();
    for (std::size_t i = 0; i < points.size(); ++i) {
      const Box& b = placed[i].box;
      boxes->push_back({b.x0, b.y0, b.x1, b.y1, leader[i]});
    }
  }
  return svg;
}

}  // namespace w2v
