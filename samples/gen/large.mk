# Compiles the sources samples/gen/large-program.c wrote into $(DIR) and links
# $(DIR)/large-program. Called by samples/Makefile (`make large SCALE=N`) once the sources
# exist, so that $(wildcard) sees them.

SOURCES := $(notdir $(wildcard $(DIR)/unit_*.c)) main.c
OBJECTS := $(SOURCES:.c=.o)
# -fno-eliminate-unused-debug-types: every unit carries the whole shared header in its DWARF,
# as units of big C and C++ programs carry the types of the headers they include.
LARGE_CFLAGS := -O0 -g -Wall -fno-eliminate-unused-debug-types

vpath %.c $(DIR)

$(DIR)/large-program: $(addprefix $(DIR)/,$(OBJECTS))
	cd $(DIR) && $(CC) -g -o large-program.tmp $(OBJECTS) && mv large-program.tmp large-program

$(DIR)/%.o: $(DIR)/%.c $(DIR)/large-types.h
	cd $(DIR) && $(CC) $(LARGE_CFLAGS) -c $*.c -o $*.o
