// Aligned plain-text tables: a header row and data rows, columns separated by two spaces.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace wlc::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}

  // Short rows are padded with "-"; extra cells are kept.
  void AddRow(std::vector<std::string> row);
  bool empty() const { return rows_.empty(); }
  // The last column is not padded (no trailing blanks).
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace wlc::cli
