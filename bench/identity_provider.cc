// A keyprovider that wraps nothing: keywrap returns ocicrypt's secret as the annotation and
// keyunwrap returns the annotation as the secret, both as the base64 text they arrived in (Go
// ocicrypt accepts base64 strings). It is the cheapest provider skopeo can run end to end, the
// baseline for the end-to-end benchmark. Never use it for real images.
#include <unistd.h>

#include <string>

namespace {

std::string ReadStdin() {
  std::string in;
  char buffer[4096];
  ssize_t n;
  while ((n = read(0, buffer, sizeof(buffer))) > 0) in.append(buffer, static_cast<size_t>(n));
  return in;
}

// The base64 text of "key":"..." in the request, or empty.
std::string StringValue(const std::string& json, const std::string& key) {
  const std::string marker = "\"" + key + "\":\"";
  const size_t start = json.find(marker);
  if (start == std::string::npos) return "";
  const size_t begin = start + marker.size();
  return json.substr(begin, json.find('"', begin) - begin);
}

}  // namespace

int main() {
  const std::string request = ReadStdin();
  const bool wrap = request.find("\"op\":\"keywrap\"") != std::string::npos;
  const std::string reply =
      wrap ? "{\"keywrapresults\":{\"annotation\":\"" + StringValue(request, "optsdata") + "\"}}\n"
           : "{\"keyunwrapresults\":{\"optsdata\":\"" + StringValue(request, "annotation") +
                 "\"}}\n";
  return write(1, reply.data(), reply.size()) == static_cast<ssize_t>(reply.size()) ? 0 : 1;
}
