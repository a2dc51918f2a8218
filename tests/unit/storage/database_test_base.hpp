#pragma once
// A test with a fresh SQLite database of its own in a temporary directory (created in a
// subdirectory, so Database::open's directory creation is exercised too).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>

#include "ctc/storage/database.hpp"

namespace ctc::storage {

class DatabaseTestBase : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ctc-unit-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto opened = Database::open(dbPath());
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::string dbPath() const { return (dir_ / "sub" / "t.db").string(); }

  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

}  // namespace ctc::storage
