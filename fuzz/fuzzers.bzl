"""The fuzz targets, one table: //fuzz/BUILD.bazel makes each one's libFuzzer binary and corpus
replay test from it, and scripts/fuzz.sh asks Bazel for the list."""

# name: (what it fuzzes, its libraries). Sources are <name>_fuzzer.cc, seeds testdata/fuzz/<name>/.
FUZZERS = {
    "request": ("the whole request path, bytes to reply", ["//src/provider:request_handler"]),
    "packet": ("the annotation packet parser", ["//src/wrapping:annotation_packet"]),
    "keys_file": ("the keys-file parser, full and single-entry", ["//src/key_sources:keys_file"]),
    "kbs_replies": (
        "what a KBS answers: challenge, attestation answer, ErrorInformation, resource JWE",
        ["//src/kbs:kbs_protocol", "//src/kbs:tee_key"],
    ),
    "oci_documents": (
        "OCI index, manifest, config and oci-layout parsers, and inspect's reading of layers",
        [
            "//src/inspect:image_report",
            "//src/inspect:report_format",
            "//src/oci:digest",
            "//src/oci:documents",
        ],
    ),
    "go_documents": (
        "manifests and indexes re-serialised as skopeo's Go code does: marshalling is idempotent",
        ["//src/oci:documents", "//src/oci:go_documents"],
    ),
    "layer_options": (
        "ocicrypt's private options (unwrapped from a packet) and public options (pubopts)",
        ["//src/common:secret_bytes", "//src/image_crypt:layer_options"],
    ),
    "oci_layout": (
        "the layout reader and the image commands over a fuzzed folder: index, nested indexes, " +
        "blobs, links, FIFOs, a layer that opens with the sample key",
        [
            "//src/common:warnings",
            "//src/image_crypt:image_transform",
            "//src/inspect:image_report",
            "//src/oci:blob_store",
            "//src/oci:documents",
            "//src/oci:layout",
        ],
    ),
    "doctor": (
        "what doctor reads: an ocicrypt.conf and --key PARAMS (both reports stay safe documents), " +
        "a client's --version output, a KBS URL and its answer to the probe",
        [
            "//src/cli:doctor_checks",
            "//src/cli:doctor_clients",
            "//src/cli:doctor_result",
            "//src/common:json_input",
            "//src/kbs:http_client",
            "//src/kbs:kbs_protocol",
            "@rapidjson",
        ],
    ),
}

def coco_fuzzer(name, deps):
    """A libFuzzer binary (built by scripts/fuzz.sh with clang) and a corpus replay test."""
    srcs = [name + "_fuzzer.cc"]
    native.cc_binary(
        name = name + "_fuzzer",
        srcs = srcs,
        deps = deps,
        linkopts = ["-fsanitize=fuzzer"],
        tags = ["manual", "coco_fuzzer"],
    )

    # The seed corpus and every regression input through the same function, in every test run.
    native.cc_test(
        name = name + "_fuzzer_corpus_test",
        size = "small",
        srcs = srcs + ["corpus_replay_main.cc"],
        deps = deps,
        args = ["testdata/fuzz/" + name],
        data = ["//testdata/fuzz:" + name],
    )
