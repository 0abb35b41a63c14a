"""python3 -m scrapedoc.distributed: `scrapedoc convert` over a Dask cluster
(docs/scale.md). Ends with the command line's summary and exit codes."""
import argparse
import logging
import signal
import sys

from .. import Error, reader_names
from . import DEFAULT_PARTITION_SIZE, EXIT_USAGE, FORMATS, convert


def parse_size(text):
    """"256M", "64K", "1G", "1000": bytes, as `scrapedoc convert --max-input`."""
    units = {"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "KiB": 1 << 10, "M": 1 << 20, "MB": 1 << 20,
             "MiB": 1 << 20, "G": 1 << 30, "GB": 1 << 30, "GiB": 1 << 30}
    digits = len(text) - len(text.lstrip("0123456789"))
    if digits == 0 or text[digits:] not in units:
        raise argparse.ArgumentTypeError("not a size: " + text)
    return int(text[:digits]) * units[text[digits:]]


def arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python3 -m scrapedoc.distributed",
        description="Convert pages and web archives on a Dask cluster into JSON Lines files: one per "
                    "WARC (STEM.jsonl) and one per partition of loose pages (pages-NNNNN.jsonl), each "
                    "written whole or not at all.")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help="address of a running dask-scheduler, e.g. tcp://10.0.0.5:8786")
    where.add_argument("--local", metavar="N", type=int,
                       help="start a cluster of N worker processes on this machine for the run")
    parser.add_argument("--to", "-t", default="jsonl", choices=FORMATS, help="output format (default jsonl)")
    parser.add_argument("--from", "-f", dest="format", default="auto",
                        choices=["auto"] + reader_names() + ["md", "warc"],
                        help="input format (default auto: inputs named .warc or .warc.gz are web archives, "
                             "the others pages); warc: every input is a web archive")
    parser.add_argument("--output", "-o", required=True, metavar="OUTDIR",
                        help="folder for the outputs, seen by every worker at this path")
    parser.add_argument("--partition-size", type=int, default=DEFAULT_PARTITION_SIZE, metavar="N",
                        help="pages per output file (default %d)" % DEFAULT_PARTITION_SIZE)
    parser.add_argument("--max-input", type=parse_size, default="256M", metavar="SIZE",
                        help="largest input accepted, e.g. 256M (default)")
    parser.add_argument("--quiet", "-q", action="store_true", help="no warnings, no summary")
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files, or URLs that fsspec reads")
    args = parser.parse_args(argv)
    if args.local is not None and args.local < 1:
        parser.error("--local: at least one worker")
    if args.partition_size < 1:
        parser.error("--partition-size: at least one page")
    return args


def main(argv=None):
    args = arguments(argv)
    from distributed import Client, LocalCluster
    cluster = None
    try:
        if args.local is not None:
            cluster = LocalCluster(n_workers=args.local, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(args.scheduler)
    except OSError as e:
        print("scrapedoc: cannot reach the scheduler %s: %s" % (args.scheduler, e), file=sys.stderr)
        return EXIT_USAGE
    try:
        result = convert(args.inputs, args.output, args.to, client, format=args.format,
                         partition_size=args.partition_size, max_input=args.max_input, quiet=args.quiet)
    except Error as e:
        print("scrapedoc: %s" % e, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        # The client goes, and the scheduler forgets the tasks nobody waits
        # for; a task already running ends with its output whole or absent.
        print("scrapedoc: stopped by signal %d" % signal.SIGINT, file=sys.stderr)
        return 128 + signal.SIGINT
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
