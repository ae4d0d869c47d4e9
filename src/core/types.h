#pragma once

#include <cstdint>

namespace w2v {

using WordId = std::uint32_t;  // index into the vocabulary; 0 is "</s>"
using Real = float;            // every vector component

}  // namespace w2v
