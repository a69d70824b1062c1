# shellcheck shell=bash
# Sourced by scripts/bench.sh and scripts/startup_layout.sh: the small calls' inputs, requests shaped
# as skopeo sends them, written into the current folder for the binary "${binary}".

# Key files private, as they should be: a group-readable one costs a warning line on every call.
write_small_call_inputs() {
  umask 077
  head -c 32 /dev/urandom >kek
  printf '{"symkey":"%s","digest":"sha256:%s","cipheroptions":{"nonce":"%s"}}' \
    "$(head -c 32 /dev/urandom | b64)" "$(head -c 32 /dev/urandom | sha256sum | cut -c1-64)" \
    "$(head -c 16 /dev/urandom | b64)" >optsdata
  wrap_request "keyid=kbs:///default/key/key_id1::keypath=${PWD}/kek" >wrap-gcm.json
  wrap_request "sample=true" >wrap-sample.json
  "${binary}" <wrap-gcm.json | annotation_of >annotation-gcm
  "${binary}" <wrap-sample.json | annotation_of >annotation-sample
  keys_file 10 >keys10.json
  keys_file 1000 >keys1000.json
  unwrap_request "offline_fs_kbc::null" annotation-gcm >unwrap-fs.json
  unwrap_request "sample_kbc::null" annotation-sample >unwrap-sample.json
  : >empty
}

b64() { base64 -w0; }
wrap_request() {
  printf '{"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":["%s"]},"DecryptConfig":{"Parameters":{}}},"optsdata":"%s"},"keyunwrapparams":{"dc":null,"annotation":null}}' \
    "$(printf '%s' "$1" | b64)" "$(b64 <optsdata)"
}
unwrap_request() {  # KBC_PARAMETER ANNOTATION_FILE
  printf '{"op":"keyunwrap","keywrapparams":{"ec":null,"optsdata":null},"keyunwrapparams":{"dc":{"Parameters":{"attestation-agent":["%s"]}},"annotation":"%s"}}' \
    "$(printf '%s' "$1" | b64)" "$(b64 <"$2")"
}
annotation_of() { sed -e 's/.*\[//' -e 's/\].*//' | tr ',' '\n' | awk '{ printf "%c", $1 }'; }
keys_file() {  # COUNT: key_id1 is ours, the others are random
  local n key
  printf '{'
  for ((n = 1; n <= $1; n++)); do
    [[ ${n} -gt 1 ]] && printf ','
    if [[ ${n} -eq 1 ]]; then key="$(b64 <kek)"; else key="$(head -c 32 /dev/urandom | b64)"; fi
    printf '"default/key/key_id%d":"%s"' "${n}" "${key}"
  done
  printf '}\n'
}

# The small calls, "NAME|INPUT|ARGUMENTS": what the start-up benchmark times and the start-up layout
# gathers.
small_calls=(
  "keywrap-gcm-keypath|wrap-gcm.json|"
  "keywrap-sample|wrap-sample.json|"
  "keyunwrap-offline_fs-10-keys|unwrap-fs.json|--keys-file keys10.json"
  "keyunwrap-offline_fs-1000-keys|unwrap-fs.json|--keys-file keys1000.json"
  "keyunwrap-sample_kbc|unwrap-sample.json|"
  "--version|empty|--version"
)
