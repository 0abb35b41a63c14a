// Validation of our outputs against the schemas in schema/: TEI against a
// RELAX NG schema through libxml2, JSON against a JSON Schema through
// valijson. The `validate` command and the tests both use this.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace scrapedoc::validate {

// One reason a file is not valid.
struct problem {
    std::size_t line = 0;  // 1-based line in the file; 0 when it has none
    std::string message;   // one line, without the file name
    std::string pointer;   // JSON only: RFC 6901 pointer of the value ("" for the root)
};

// The outcome of checking one file against one schema.
struct result {
    std::string file;
    std::filesystem::path schema;
    bool valid = false;
    std::vector<problem> problems;  // empty when valid
};

// A RELAX NG schema (XML syntax), parsed once and used for many files:
// loading tei_all.rng takes seconds, checking a file against it does not.
class relaxng_schema {
public:
    // Throws scrapedoc::error when the schema cannot be read or is not RELAX NG.
    explicit relaxng_schema(const std::filesystem::path& rng);
    ~relaxng_schema();
    relaxng_schema(const relaxng_schema&) = delete;
    relaxng_schema& operator=(const relaxng_schema&) = delete;

    const std::filesystem::path& path() const { return path_; }
    // `name` is the file name the problems are reported under.
    result check(std::string_view xml, const std::string& name) const;
    result check_file(const std::filesystem::path& file) const;

private:
    struct impl;
    std::filesystem::path path_;
    std::unique_ptr<impl> impl_;
};

// A JSON Schema, parsed once. valijson implements draft 7; schema/ uses only
// keywords whose meaning is the same in draft 7 and 2020-12.
class json_schema {
public:
    // Throws scrapedoc::error when the schema is not JSON or not usable.
    explicit json_schema(const std::filesystem::path& schema);
    ~json_schema();
    json_schema(const json_schema&) = delete;
    json_schema& operator=(const json_schema&) = delete;

    const std::filesystem::path& path() const { return path_; }
    result check(std::string_view json, const std::string& name) const;
    result check_file(const std::filesystem::path& file) const;
    // JSON Lines: every line one document, checked alone; each problem
    // carries the line of the file it is on (an empty line is one too).
    result check_lines(std::string_view text, const std::string& name) const;
    result check_lines_file(const std::filesystem::path& file) const;

private:
    struct impl;
    std::filesystem::path path_;
    std::unique_ptr<impl> impl_;
};

// Which schema a file is for: "tei" (XML), "json", "jsonl" (JSON Lines, by
// its .jsonl extension), or "" when neither, from the file name's extension
// and else from its first characters.
std::string kind_of(const std::filesystem::path& file, std::string_view head);

// The folder holding scrapedoc-tei.rng and scrapedoc.schema.json: `override_dir`
// when given; else share/scrapedoc/schema under the prefix the running
// program is installed in; else the source tree's schema/ folder.
std::filesystem::path schema_dir(const std::filesystem::path& override_dir = {});

inline constexpr const char* tei_schema_file = "scrapedoc-tei.rng";
inline constexpr const char* json_schema_file = "scrapedoc.schema.json";

}  // namespace scrapedoc::validate
