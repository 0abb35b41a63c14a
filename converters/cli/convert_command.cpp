// `scrapedoc convert`: inputs to outputs in a format, one file or a batch
// into a directory, written atomically.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
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
std::string read_stdin(std::size_t max_input) {
    std::string bytes;
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
};

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

int run_job(const Job& job, const ConvertArgs& args, const std::string& to, Progress& progress) {
    scrapedoc::read_options ro;
    ro.format = args.from;
    ro.max_input = args.max_input;
    ro.models = args.models;
    std::vector<scrapedoc::explain_entry> explain;
    if (args.explain) ro.explain = &explain;
    scrapedoc::Document doc;
    try {
        if (job.input == "-") {
            ro.source_name = "-";
            doc = scrapedoc::read(read_stdin(args.max_input), ro);
        } else {
            doc = scrapedoc::read_file(job.input, ro);
        }
    } catch (const scrapedoc::error& e) {
        progress.say(std::string("scrapedoc: ") + e.what());
        return exit_input_failed;
    } catch (const std::bad_alloc&) {
        progress.say("scrapedoc: " + job.input + ": out of memory while reading it");
        return exit_input_failed;
    } catch (const std::exception& e) {
        progress.say("scrapedoc: " + job.input + ": " + e.what());
        return exit_input_failed;
    }
    if (!args.quiet && !doc.warnings.empty()) {
        std::string out;
        for (const auto& w : doc.warnings) out += job.input + ": warning: " + w.message + "\n";
        progress.say(out);
    }
    if (args.explain) {
        std::string out;
        for (const auto& e : explain) {
            out += job.input + ":" + std::to_string(e.line) + ": " + e.kind;
            if (!e.reason.empty() && e.kind.find(e.reason) == std::string::npos) out += " (" + e.reason + ")";
            out += ": " + e.text + "\n";
        }
        if (!out.empty()) progress.say(out);
    }
    scrapedoc::write_options wo;
    wo.front_matter = args.front_matter;
    try {
        if (job.output.empty()) {
            std::string bytes = scrapedoc::write(doc, to, wo);
            std::fwrite(bytes.data(), 1, bytes.size(), stdout);
            if (std::fflush(stdout) != 0) throw scrapedoc::error("-", "cannot write standard output");
        } else {
            // Streams where the writer can: the output is not held in memory.
            scrapedoc::write_file(doc, job.output, to, wo);
        }
    } catch (const scrapedoc::error& e) {
        progress.say(std::string("scrapedoc: ") + e.what());
        return exit_output_failed;
    } catch (const std::exception& e) {
        progress.say("scrapedoc: " + (job.output.empty() ? std::string("-") : job.output.string()) + ": " + e.what());
        return exit_output_failed;
    }
    return exit_ok;
}

}  // namespace

int run_convert(const ConvertArgs& args) {
    if (args.inputs.empty()) {
        report("scrapedoc: convert: no input (give a file, or - for standard input)");
        return exit_usage;
    }
    std::string to = args.to;
    bool to_dir = args.inputs.size() > 1 || (!args.output.empty() && fs::is_directory(args.output));
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
    std::vector<Job> jobs;
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
        for (const auto& in : args.inputs) {
            fs::path out = fs::path(args.output) / output_name(in, ext);
            auto [it, fresh] = taken.emplace(out, in);
            if (!fresh) {
                report("scrapedoc: " + it->second + " and " + in + " would both be written to " + out.string() +
                       "; convert them into different directories");
                return exit_usage;
            }
            jobs.push_back({in, out});
        }
    } else {
        jobs.push_back({args.inputs.front(), args.output == "-" ? fs::path() : fs::path(args.output)});
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
