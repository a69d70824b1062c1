// The floor: a static process that does nothing. Any provider costs at least this much per call.
int main() { return 0; }
