"""One fuzz target: a libFuzzer binary (built with scripts/fuzz.sh) and a corpus replay test."""

def coco_fuzzer(name, srcs, deps, corpus, corpus_dir):
    # libFuzzer binary: only scripts/fuzz.sh builds it, with clang and --config=fuzz.
    native.cc_binary(
        name = name,
        srcs = srcs,
        deps = deps,
        linkopts = ["-fsanitize=fuzzer"],
        tags = ["manual"],
    )

    # The seed corpus and every regression input through the same function, in every test run.
    native.cc_test(
        name = name + "_corpus_test",
        size = "small",
        srcs = srcs + ["corpus_replay_main.cc"],
        deps = deps,
        args = [corpus_dir],
        data = [corpus],
    )
