// cli/render_table.h: aligned columns, "-" for missing cells, no trailing blanks.
#include "cli/render_table.h"

#include <sstream>

#include "gtest/gtest.h"

namespace wlc::cli {
namespace {

TEST(CliRenderTableTest, AlignsPadsAndKeepsExtraCells) {
  Table t({"NAME", "TRANSPORT", "TRUST"});
  EXPECT_TRUE(t.empty());
  t.AddRow({"wlc-00001", "smart", "installed"});
  t.AddRow({"wlc-2", ""});
  t.AddRow({"w", "cslu", "no", "extra"});
  EXPECT_FALSE(t.empty());
  std::ostringstream out;
  t.Print(out);
  EXPECT_EQ(out.str(),
            "NAME       TRANSPORT  TRUST\n"
            "wlc-00001  smart      installed\n"
            "wlc-2      -          -\n"
            "w          cslu       no         extra\n");
}

}  // namespace
}  // namespace wlc::cli
