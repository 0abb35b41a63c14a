// `scrapedoc convert`: inputs to outputs in a format, one file or a batch
// into a directory, written atomically.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <new>
#include <string_view>
#include <thread>

#include "cli/commands.hpp"
#include "scrapedoc.hpp"

namespace fs = std::filesystem;

namespace scrapedoc::cli {

namespace {

// Standard input, read in pieces and no further than one byte past the
// limit, so `cat /dev/zero | scrapedoc convert -` fails instead of filling memory.
// Standard input, read no further than the limit: past it the input is
// refused without a size, since how much more would come is not known.
// The first bytes of standard input, read to tell a WARC (--from auto);
// whoever reads standard input then starts with them.
std::string stdin_head;

void peek_stdin() {
    static bool peeked = false;
    if (peeked) return;
    peeked = true;
    stdin_head.resize(4096);
    std::size_t got = 0, n;
    while (got < stdin_head.size() && (n = std::fread(stdin_head.data() + got, 1, stdin_head.size() - got, stdin)) > 0)
        got += n;
    stdin_head.resize(got);
}

std::size_t pull_stdin(char* buf, std::size_t n) {
    if (!stdin_head.empty()) {
        n = std::min(n, stdin_head.size());
        std::memcpy(buf, stdin_head.data(), n);
        stdin_head.erase(0, n);
        return n;
    }
    return std::fread(buf, 1, n, stdin);
}

std::string read_stdin(std::size_t max_input) {
    std::string bytes = std::move(stdin_head);
    stdin_head.clear();
    char buf[1 << 16];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
        bytes.append(buf, n);
        if (bytes.size() > max_input) {
            const std::size_t mib = std::size_t{1} << 20;
            const std::string limit =
                max_input >= mib && max_input % mib == 0 ? std::to_string(max_input / mib) + " MiB"
                                                         : std::to_string(max_input) + " bytes";
            throw scrapedoc::error("-", "input is over the limit of " + limit + " (--max-input)");
        }
    }
    return bytes;
}

struct Job {
    std::string input;
    fs::path output;  // empty: standard output
    bool warc = false;  // a web archive: many pages
};

// Whether an input is a WARC: --from warc, or --from auto and its first
// bytes say so.
bool is_warc_input(const std::string& input, const ConvertArgs& args) {
    if (args.from == "warc") return true;
    if (args.from != "auto") return false;
    if (input == "-") {
        peek_stdin();
        return scrapedoc::looks_like_warc(stdin_head);
    }
    std::ifstream in(input, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return scrapedoc::looks_like_warc(head);
}

// "crawl.warc.gz" -> "crawl": the name a WARC's outputs are named after.
std::string warc_stem(const std::string& input) {
    std::string name = input == "-" ? std::string("stdin") : fs::path(input).filename().string();
    for (const char* ext : {".gz", ".warc", ".arc"})
        if (name.size() > std::strlen(ext) && name.compare(name.size() - std::strlen(ext), std::strlen(ext), ext) == 0)
            name.resize(name.size() - std::strlen(ext));
    return name;
}

// Output file name for an input in a directory: its name with the writer's
// extension in place of its own.
fs::path output_name(const std::string& input, const std::string& ext) {
    fs::path p = input == "-" ? fs::path("stdin") : fs::path(input).filename();
    std::string stem = p.stem().string();
    if (stem.empty()) stem = p.string();
    return fs::path(stem + ext);
}

// The first SIGINT, SIGTERM or SIGHUP asks the batch to stop: no new file is
// started, the files in hand are finished (each written whole or not at all),
// the summary is printed and the process then dies of that signal. The
// handler resets itself, so a second signal kills at once; even then no
// output is truncated, since outputs appear only by rename.
std::atomic<int> stop_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "read and written in a signal handler");

extern "C" void request_stop(int sig) { stop_signal.store(sig); }

void catch_stop_signals() {
    struct sigaction sa {};
    sa.sa_handler = request_stop;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

// Messages of a batch, and on a terminal a progress bar kept on the last
// line of standard error: every message clears it and it is drawn again
// below, at most ten times a second.
class Progress {
public:
    Progress(std::size_t total, bool bar) : total_(total), bar_(bar) {}

    void say(const std::string& lines) {
        std::lock_guard lock(m_);
        if (shown_) std::fputs("\r\033[K", stderr);
        shown_ = false;
        std::string text = lines;
        if (!text.empty() && text.back() == '\n') text.pop_back();
        report(text);
        draw(false);
    }

    void finished(bool ok) {
        std::lock_guard lock(m_);
        ++done_;
        if (!ok) ++failed_;
        draw(done_ == total_);
    }

    // Clears the bar for good (before the summary).
    void close() {
        std::lock_guard lock(m_);
        if (shown_) std::fputs("\r\033[K", stderr);
        shown_ = false;
        bar_ = false;
    }

private:
    void draw(bool force) {
        if (!bar_) return;
        auto now = std::chrono::steady_clock::now();
        if (!force && shown_ && now - last_ < std::chrono::milliseconds(100)) return;
        last_ = now;
        constexpr std::size_t width = 30;
        std::size_t filled = total_ ? done_ * width / total_ : width;
        std::string line = "\r[" + std::string(filled, '#') + std::string(width - filled, '.') + "] " +
                           std::to_string(done_) + "/" + std::to_string(total_);
        if (failed_) line += ", " + std::to_string(failed_) + " failed";
        line += "\033[K";
        std::fputs(line.c_str(), stderr);
        std::fflush(stderr);
        shown_ = true;
    }

    std::mutex m_;
    std::size_t total_, done_ = 0, failed_ = 0;
    bool bar_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point last_{};
};

// Reads one page; its warnings and --explain lines are printed. Nullopt
// (the error printed) when it cannot be converted.
std::optional<scrapedoc::Document> read_page(const std::string& input, const ConvertArgs& args, Progress& progress) {
    scrapedoc::read_options ro;
    ro.format = args.from;
    ro.max_input = args.max_input;
    ro.models = args.models;
    std::vector<scrapedoc::explain_entry> explain;
    if (args.explain) ro.explain = &explain;
    scrapedoc::Document doc;
    try {
        if (input == "-") {
            ro.source_name = "-";
            doc = scrapedoc::read(read_stdin(args.max_input), ro);
        } else {
            doc = scrapedoc::read_file(input, ro);
        }
    } catch (const scrapedoc::error& e) {
        progress.say(std::string("scrapedoc: ") + e.what());
        return std::nullopt;
    } catch (const std::bad_alloc&) {
        progress.say("scrapedoc: " + input + ": out of memory while reading it");
        return std::nullopt;
    } catch (const std::exception& e) {
        progress.say("scrapedoc: " + input + ": " + e.what());
        return std::nullopt;
    }
    if (!args.quiet && !doc.warnings.empty()) {
        std::string out;
        for (const auto& w : doc.warnings) out += input + ": warning: " + w.message + "\n";
        progress.say(out);
    }
    if (args.explain) {
        std::string out;
        for (const auto& e : explain) {
            out += input + ":" + std::to_string(e.line) + ": " + e.kind;
            if (!e.reason.empty() && e.kind.find(e.reason) == std::string::npos) out += " (" + e.reason + ")";
            out += ": " + e.text + "\n";
        }
        if (!out.empty()) progress.say(out);
    }
    return doc;
}

// Writes one document to its own file, or to standard output.
int write_document(const scrapedoc::Document& doc, const fs::path& output, const std::string& to,
                   const ConvertArgs& args, Progress& progress) {
    scrapedoc::write_options wo;
    wo.front_matter = args.front_matter;
    try {
        if (output.empty()) {
            std::string bytes = scrapedoc::write(doc, to, wo);
            std::fwrite(bytes.data(), 1, bytes.size(), stdout);
            if (std::fflush(stdout) != 0) throw scrapedoc::error("-", "cannot write standard output");
        } else {
            // Streams where the writer can: the output is not held in memory.
            scrapedoc::write_file(doc, output, to, wo);
        }
    } catch (const scrapedoc::error& e) {
        progress.say(std::string("scrapedoc: ") + e.what());
        return exit_output_failed;
    } catch (const std::exception& e) {
        progress.say("scrapedoc: " + (output.empty() ? std::string("-") : output.string()) + ": " + e.what());
        return exit_output_failed;
    }
    return exit_ok;
}

// One JSON Lines output for the documents of every input: a file that
// appears once complete, or standard output as the lines are made.
class LineSink {
public:
    explicit LineSink(const fs::path& path) {
        if (!path.empty()) file_ = std::make_unique<scrapedoc::output_file>(path);
    }
    void put(std::string_view line) {
        if (file_) {
            file_->write(line);
        } else if (std::fwrite(line.data(), 1, line.size(), stdout) != line.size()) {
            throw scrapedoc::error("-", "cannot write standard output");
        }
    }
    void finish() {
        if (file_) file_->commit();
        else if (std::fflush(stdout) != 0) throw scrapedoc::error("-", "cannot write standard output");
    }

private:
    std::unique_ptr<scrapedoc::output_file> file_;
};

// How a WARC input went: pages converted and failed, and the exit code.
struct WarcOutcome {
    std::size_t converted = 0, failed = 0;
    int rc = exit_ok;
};

// The pages of a WARC, each handed to `put` (which returns an exit code);
// a record that fails is reported and the next one read. Ends with the
// WARC's summary on standard error.
WarcOutcome run_warc(const std::string& input, const ConvertArgs& args, Progress& progress,
                     const std::function<int(const scrapedoc::Document&, std::size_t)>& put) {
    WarcOutcome outcome;
    scrapedoc::read_options ro;
    ro.max_input = args.max_input;
    ro.source_name = input;
    std::optional<scrapedoc::warc_reader> warc;
    try {
        if (input == "-") warc.emplace(scrapedoc::warc_reader::from_function(pull_stdin, ro));
        else warc.emplace(fs::path(input), ro);
    } catch (const scrapedoc::error& e) {
        progress.say(std::string("scrapedoc: ") + e.what());
        outcome.failed = 1;
        outcome.rc = exit_input_failed;
        return outcome;
    }
    std::size_t index = 0;
    try {
        while (auto entry = warc->next()) {
            if (entry->problem) {
                progress.say(std::string("scrapedoc: ") + entry->problem->what());
                outcome.rc = std::max(outcome.rc, exit_input_failed);
                continue;
            }
            const scrapedoc::Document& doc = *entry->document;
            if (!args.quiet && !doc.warnings.empty()) {
                std::string out;
                for (const auto& w : doc.warnings)
                    out += input + ": record at byte " + std::to_string(entry->offset) + ": warning: " + w.message + "\n";
                progress.say(out);
            }
            const int rc = put(doc, ++index);
            if (rc != exit_ok) {
                outcome.rc = std::max(outcome.rc, rc);
                break;  // an output that cannot be written: the next ones would fail as well
            }
        }
    } catch (const std::bad_alloc&) {
        progress.say("scrapedoc: " + input + ": out of memory while reading it");
        outcome.rc = std::max(outcome.rc, exit_input_failed);
    }
    const scrapedoc::warc_summary& sum = warc->summary();
    outcome.converted = sum.converted;
    outcome.failed = sum.failed;
    if (!args.quiet) {
        std::string line = "scrapedoc: " + input + ": " + std::to_string(sum.records) + " record(s): " +
                           std::to_string(sum.converted) + " page(s) converted";
        if (sum.failed) line += ", " + std::to_string(sum.failed) + " failed";
        std::size_t skipped = 0;
        std::string kinds;
        for (const auto& [kind, n] : sum.skipped) {
            skipped += n;
            kinds += (kinds.empty() ? "" : ", ") + std::to_string(n) + " " + kind;
        }
        if (skipped) line += ", " + std::to_string(skipped) + " skipped (" + kinds + ")";
        progress.say(line);
    }
    return outcome;
}

int run_job(const Job& job, const ConvertArgs& args, const std::string& to, Progress& progress) {
    if (job.warc) {
        // One file per page, named after the WARC and the page's number.
        const std::string ext = scrapedoc::extension_for_writer(to);
        const fs::path dir = job.output.parent_path();
        const std::string stem = warc_stem(job.input);
        if (to == "jsonl") {
            std::optional<LineSink> sink;
            try {
                sink.emplace(job.output);
            } catch (const scrapedoc::error& e) {
                progress.say(std::string("scrapedoc: ") + e.what());
                return exit_output_failed;
            }
            WarcOutcome o = run_warc(job.input, args, progress, [&](const scrapedoc::Document& doc, std::size_t) {
                try {
                    sink->put(scrapedoc::write(doc, "jsonl"));
                } catch (const scrapedoc::error& e) {
                    progress.say(std::string("scrapedoc: ") + e.what());
                    return exit_output_failed;
                }
                return exit_ok;
            });
            if (o.rc == exit_output_failed) return o.rc;
            try {
                sink->finish();
            } catch (const scrapedoc::error& e) {
                progress.say(std::string("scrapedoc: ") + e.what());
                return exit_output_failed;
            }
            return o.rc;
        }
        return run_warc(job.input, args, progress, [&](const scrapedoc::Document& doc, std::size_t index) {
                   char number[32];
                   std::snprintf(number, sizeof number, "-%06zu", index);
                   return write_document(doc, dir / (stem + number + ext), to, args, progress);
               }).rc;
    }
    std::optional<scrapedoc::Document> doc = read_page(job.input, args, progress);
    if (!doc) return exit_input_failed;
    return write_document(*doc, job.output, to, args, progress);
}

// --to jsonl into one file or standard output: every input's documents,
// in the order of the inputs, one line each.
int run_lines(const std::vector<Job>& jobs, const ConvertArgs& args, const fs::path& output) {
    Progress progress(jobs.size(), false);
    catch_stop_signals();
    std::optional<LineSink> sink;
    try {
        sink.emplace(output);
    } catch (const scrapedoc::error& e) {
        report(std::string("scrapedoc: ") + e.what());
        return exit_output_failed;
    }
    int worst = exit_ok;
    std::size_t pages = 0, converted = 0, failed = 0, started = 0;
    auto put = [&](const scrapedoc::Document& doc, std::size_t) {
        try {
            sink->put(scrapedoc::write(doc, "jsonl"));
        } catch (const scrapedoc::error& e) {
            report(std::string("scrapedoc: ") + e.what());
            return exit_output_failed;
        }
        return exit_ok;
    };
    for (const Job& job : jobs) {
        if (stop_signal.load() != 0 || worst == exit_output_failed) break;
        ++started;
        if (job.warc) {
            WarcOutcome o = run_warc(job.input, args, progress, put);
            pages += o.converted + o.failed;
            converted += o.converted;
            failed += o.failed;
            worst = std::max(worst, o.rc);
            continue;
        }
        ++pages;
        std::optional<scrapedoc::Document> doc = read_page(job.input, args, progress);
        if (!doc) {
            ++failed;
            worst = std::max(worst, exit_input_failed);
            continue;
        }
        const int rc = put(*doc, 0);
        if (rc == exit_ok) ++converted;
        worst = std::max(worst, rc);
    }
    const int sig = stop_signal.load();
    if (worst != exit_output_failed && !sig) {
        try {
            sink->finish();
        } catch (const scrapedoc::error& e) {
            report(std::string("scrapedoc: ") + e.what());
            worst = exit_output_failed;
        }
    }
    if (!args.quiet && (jobs.size() > 1 || sig)) {
        std::string summary = "scrapedoc: " + std::to_string(converted) + " of " + std::to_string(pages) + " converted";
        if (failed) summary += ", " + std::to_string(failed) + " failed";
        if (sig) summary += ", " + std::to_string(jobs.size() - started) + " input(s) not started (stopped by signal " +
                            std::to_string(sig) + ")";
        report(summary);
    }
    if (sig) {
        std::signal(sig, SIG_DFL);
        std::raise(sig);
        return 128 + sig;
    }
    return worst;
}

}  // namespace

int run_convert(const ConvertArgs& args) {
    if (args.inputs.empty()) {
        report("scrapedoc: convert: no input (give a file, or - for standard input)");
        return exit_usage;
    }
    std::vector<Job> jobs;
    for (const auto& in : args.inputs) jobs.push_back({in, {}, is_warc_input(in, args)});
    const bool any_warc = std::any_of(jobs.begin(), jobs.end(), [](const Job& j) { return j.warc; });
    std::string to = args.to;
    // A web archive's pages go one a line unless asked otherwise.
    if (to.empty() && any_warc && (args.output.empty() || args.output == "-")) to = "jsonl";
    bool to_dir = fs::is_directory(args.output) ||
                  (args.inputs.size() > 1 && !(to == "jsonl" || (to.empty() && scrapedoc::writer_for_extension(args.output) == "jsonl")));
    if (to.empty()) {
        if (!args.output.empty() && !to_dir && args.output != "-") {
            to = scrapedoc::writer_for_extension(args.output);
            if (to.empty()) {
                report("scrapedoc: cannot tell the output format from \"" + args.output + "\"; give --to");
                return exit_usage;
            }
        } else {
            to = "json";
        }
    }
    std::string ext = scrapedoc::extension_for_writer(to);
    if (ext.empty()) {
        report("scrapedoc: unknown output format \"" + to + "\" (--to)");
        return exit_usage;
    }
    if (!to_dir && to == "jsonl")
        return run_lines(jobs, args, args.output == "-" ? fs::path() : fs::path(args.output));
    if (!to_dir && any_warc) {
        report("scrapedoc: " + jobs.front().input +
               " is a web archive of many pages: write them with --to jsonl, or one file each with -o DIR");
        return exit_usage;
    }
    if (to_dir) {
        if (args.output.empty() || args.output == "-") {
            report("scrapedoc: several inputs need -o DIR, a directory for the outputs");
            return exit_usage;
        }
        std::error_code ec;
        fs::create_directories(args.output, ec);
        if (ec || !fs::is_directory(args.output)) {
            report("scrapedoc: " + args.output + ": cannot create the output directory" + (ec ? ": " + ec.message() : ""));
            return exit_output_failed;
        }
        std::map<fs::path, std::string> taken;
        for (auto& job : jobs) {
            // A WARC into a directory: STEM.jsonl, or STEM-000001.json ... one per page.
            fs::path out = fs::path(args.output) /
                           (job.warc ? fs::path(warc_stem(job.input) + (to == "jsonl" ? ext : "-*" + ext))
                                     : output_name(job.input, ext));
            auto [it, fresh] = taken.emplace(out, job.input);
            if (!fresh) {
                report("scrapedoc: " + it->second + " and " + job.input + " would both be written to " + out.string() +
                       "; convert them into different directories");
                return exit_usage;
            }
            job.output = out;
        }
    } else {
        jobs.front().output = args.output == "-" ? fs::path() : fs::path(args.output);
    }
    const bool batch = jobs.size() > 1;
    const char* term = std::getenv("TERM");
    const bool bar = batch && !args.quiet && !args.explain && ::isatty(STDERR_FILENO) &&
                     !(term && std::string_view(term) == "dumb");
    Progress progress(jobs.size(), bar);
    catch_stop_signals();

    std::atomic<std::size_t> next{0};
    std::atomic<int> worst{exit_ok};
    std::atomic<std::size_t> failed{0};
    auto worker = [&] {
        for (std::size_t i; stop_signal.load() == 0 && (i = next++) < jobs.size();) {
            int rc = run_job(jobs[i], args, to, progress);
            progress.finished(rc == exit_ok);
            if (rc != exit_ok) {
                ++failed;
                int w = worst.load();
                while (rc > w && !worst.compare_exchange_weak(w, rc)) {
                }
            }
        }
    };
    unsigned n = std::max(1u, std::min<unsigned>(args.jobs, static_cast<unsigned>(jobs.size())));
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < n; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    progress.close();

    const std::size_t started = std::min(next.load(), jobs.size());
    const std::size_t converted = started - failed;
    const int sig = stop_signal.load();
    if (batch && !args.quiet) {
        std::string summary = "scrapedoc: " + std::to_string(converted) + " of " + std::to_string(jobs.size()) + " converted";
        if (failed) summary += ", " + std::to_string(failed.load()) + " failed";
        if (sig) summary += ", " + std::to_string(jobs.size() - started) + " not started (stopped by signal " + std::to_string(sig) + ")";
        report(summary);
    } else if (sig) {
        report("scrapedoc: stopped by signal " + std::to_string(sig));
    }
    if (sig) {
        // Die of the signal, as a shell and a job runner expect.
        std::signal(sig, SIG_DFL);
        std::raise(sig);
        return 128 + sig;
    }
    return worst;
}

std::size_t parse_size(const std::string& s) {
    std::size_t pos = 0;
    unsigned long long v = std::stoull(s, &pos);
    std::string unit = s.substr(pos);
    if (unit.empty() || unit == "B") return v;
    if (unit == "K" || unit == "KB" || unit == "KiB") return v << 10;
    if (unit == "M" || unit == "MB" || unit == "MiB") return v << 20;
    if (unit == "G" || unit == "GB" || unit == "GiB") return v << 30;
    throw std::invalid_argument("unknown unit " + unit);
}

}  // namespace scrapedoc::cli
