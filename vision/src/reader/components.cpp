// Connected components from runs (components.h).
#include "components.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace bordergate::vision {

namespace {

struct Run {
  int y, x0, x1;  // pixels x0..x1-1 of row y
};

int findRoot(std::vector<int>& parent, int i) {
  while (parent[static_cast<std::size_t>(i)] != i) {
    const int up = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(i)])];
    parent[static_cast<std::size_t>(i)] = up;  // path halving
    i = up;
  }
  return i;
}

void unite(std::vector<int>& parent, int a, int b) {
  a = findRoot(parent, a);
  b = findRoot(parent, b);
  if (a < b) std::swap(a, b);
  parent[static_cast<std::size_t>(a)] = b;
}

// Appends row y's runs of non-zero pixels. Zero bytes are skipped eight at a time.
void rowRuns(const uchar* p, int cols, int y, std::vector<Run>& runs) {
  int x = 0;
  while (x < cols) {
    while (x + 8 <= cols) {
      std::uint64_t word;
      std::memcpy(&word, p + x, sizeof word);
      if (word != 0) break;
      x += 8;
    }
    while (x < cols && p[x] == 0) ++x;
    if (x >= cols) break;
    const int x0 = x;
    while (x < cols && p[x] != 0) ++x;
    runs.push_back({y, x0, x});
  }
}

}  // namespace

MaskComponents labelComponents(const cv::Mat& mask) {
  CV_Assert(mask.type() == CV_8UC1);
  const int rows = mask.rows, cols = mask.cols;
  std::vector<Run> runs;
  std::vector<int> rowStart(static_cast<std::size_t>(rows) + 1, 0);
  for (int y = 0; y < rows; ++y) {
    rowStart[static_cast<std::size_t>(y)] = static_cast<int>(runs.size());
    rowRuns(mask.ptr<uchar>(y), cols, y, runs);
  }
  rowStart[static_cast<std::size_t>(rows)] = static_cast<int>(runs.size());

  // Runs of consecutive rows are 8-connected when their column spans, each widened by one
  // pixel, overlap.
  std::vector<int> parent(runs.size());
  std::iota(parent.begin(), parent.end(), 0);
  for (int y = 1; y < rows; ++y) {
    int i = rowStart[static_cast<std::size_t>(y - 1)], j = rowStart[static_cast<std::size_t>(y)];
    const int iEnd = j, jEnd = rowStart[static_cast<std::size_t>(y + 1)];
    while (i < iEnd && j < jEnd) {
      const Run& a = runs[static_cast<std::size_t>(i)];
      const Run& b = runs[static_cast<std::size_t>(j)];
      if (a.x0 <= b.x1 && b.x0 <= a.x1) unite(parent, i, j);
      if (a.x1 < b.x1) ++i;
      else ++j;
    }
  }

  // Number the components in the order of their first 2x2 block (components.h).
  const std::int64_t blocksPerRow = (cols + 1) / 2;
  std::vector<std::int64_t> firstBlock(runs.size(), std::numeric_limits<std::int64_t>::max());
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const int root = findRoot(parent, static_cast<int>(r));
    const std::int64_t block = (runs[r].y / 2) * blocksPerRow + runs[r].x0 / 2;
    auto& first = firstBlock[static_cast<std::size_t>(root)];
    first = std::min(first, block);
  }
  std::vector<int> roots;
  for (std::size_t r = 0; r < runs.size(); ++r)
    if (parent[r] == static_cast<int>(r)) roots.push_back(static_cast<int>(r));
  std::sort(roots.begin(), roots.end(), [&](int a, int b) {
    return firstBlock[static_cast<std::size_t>(a)] < firstBlock[static_cast<std::size_t>(b)];
  });
  std::vector<int> label(runs.size(), 0);
  for (std::size_t k = 0; k < roots.size(); ++k) label[static_cast<std::size_t>(roots[k])] = static_cast<int>(k) + 1;

  MaskComponents c;
  c.count = static_cast<int>(roots.size()) + 1;
  c.labels = cv::Mat::zeros(rows, cols, CV_32S);
  c.stats = cv::Mat::zeros(c.count, 5, CV_32S);
  // Per component: left, top, right, bottom (inclusive), area.
  std::vector<std::array<int, 5>> box(static_cast<std::size_t>(c.count),
                                      {std::numeric_limits<int>::max(), std::numeric_limits<int>::max(), -1, -1, 0});
  // The background: each row's first and last zero pixel.
  std::array<int, 5>& bg = box[0];
  for (int y = 0; y < rows; ++y) {
    const int b = rowStart[static_cast<std::size_t>(y)], e = rowStart[static_cast<std::size_t>(y + 1)];
    int ink = 0;
    for (int r = b; r < e; ++r) ink += runs[static_cast<std::size_t>(r)].x1 - runs[static_cast<std::size_t>(r)].x0;
    if (ink == cols) continue;
    const int firstZero = b < e && runs[static_cast<std::size_t>(b)].x0 == 0 ? runs[static_cast<std::size_t>(b)].x1 : 0;
    const int lastZero = b < e && runs[static_cast<std::size_t>(e - 1)].x1 == cols ? runs[static_cast<std::size_t>(e - 1)].x0 - 1 : cols - 1;
    bg = {std::min(bg[0], firstZero), std::min(bg[1], y), std::max(bg[2], lastZero), std::max(bg[3], y), bg[4] + cols - ink};
  }
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const Run& run = runs[r];
    const int l = label[static_cast<std::size_t>(findRoot(parent, static_cast<int>(r)))];
    int* out = c.labels.ptr<int>(run.y);
    std::fill(out + run.x0, out + run.x1, l);
    auto& b = box[static_cast<std::size_t>(l)];
    b = {std::min(b[0], run.x0), std::min(b[1], run.y), std::max(b[2], run.x1 - 1), std::max(b[3], run.y), b[4] + run.x1 - run.x0};
  }
  for (int l = 0; l < c.count; ++l) {
    const auto& b = box[static_cast<std::size_t>(l)];
    if (b[4] == 0) continue;  // no background pixel: row 0 stays zero
    int* s = c.stats.ptr<int>(l);
    s[cv::CC_STAT_LEFT] = b[0];
    s[cv::CC_STAT_TOP] = b[1];
    s[cv::CC_STAT_WIDTH] = b[2] - b[0] + 1;
    s[cv::CC_STAT_HEIGHT] = b[3] - b[1] + 1;
    s[cv::CC_STAT_AREA] = b[4];
  }
  return c;
}

}  // namespace bordergate::vision
