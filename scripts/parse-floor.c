/*
 * parse-floor.c - the benchmark floor: how long libcsv alone takes to
 * parse a file (1 MiB reads, empty field and row callbacks that only
 * count).  Prints "rows fields bytes seconds".  Built by scripts/bench.sh.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>

static unsigned long fields, rows;

static void on_field(void *s, size_t len, void *data)
{
    (void)s; (void)len; (void)data;
    fields++;
}

static void on_row(int c, void *data)
{
    (void)c; (void)data;
    rows++;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: parse-floor FILE.csv\n");
        return 1;
    }
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) {
        perror(argv[1]);
        return 3;
    }
    struct csv_parser p;
    csv_init(&p, CSV_STRICT | CSV_APPEND_NULL);
    static char buf[1 << 20];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    unsigned long long bytes = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        if (csv_parse(&p, buf, (size_t)n, on_field, on_row, NULL) != (size_t)n) {
            fprintf(stderr, "parse error: %s\n", csv_strerror(csv_error(&p)));
            return 2;
        }
        bytes += (unsigned long long)n;
    }
    csv_fini(&p, on_field, on_row, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    csv_free(&p);
    close(fd);
    printf("%lu %lu %llu %.3f\n", rows, fields, bytes,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
