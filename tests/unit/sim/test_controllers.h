// Simulated controllers for wlcsim's unit tests, built the way wlcsim builds them from its flags
// (sim/options.h), starting at 127.1.0.1.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/controller.h"
#include "sim/options.h"

namespace wlc::sim {

inline constexpr uint32_t kTestFirstAddress = 0x7f010001u;  // 127.1.0.1

inline std::vector<Controller> TestControllers(uint32_t count, const std::string& version) {
  Options o;
  o.controllers = count;
  o.version = version;
  std::vector<Controller> cs;
  std::string error;
  EXPECT_TRUE(BuildControllers(o, kTestFirstAddress, &cs, &error)) << error;
  return cs;
}

}  // namespace wlc::sim
