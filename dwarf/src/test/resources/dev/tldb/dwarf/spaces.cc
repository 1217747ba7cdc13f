// C++ names inside namespaces, for qualified index names.
namespace outer {
int counter = 1;
thread_local long per_thread = 3;
namespace inner { int depth = 2; int twice(int x) { return 2 * x; } }
}
namespace { int hidden = 4; }
int main() { return outer::counter + outer::inner::twice(outer::inner::depth) + hidden + (int) outer::per_thread; }
