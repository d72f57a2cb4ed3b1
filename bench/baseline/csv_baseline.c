/* Reference for `make bench`: a one-pass C program that scores the wide CSV and
 * aggregates by locality, with no validation. s175's time is reported against it.
 * Usage: csv_baseline REGISTER.csv WIDE.csv */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static char *map(const char *path, size_t *size) {
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { perror(path); exit(1); }
    *size = st.st_size;
    char *p = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    return p;
}

#define SLOTS (1 << 18)
static long keys[SLOTS];
static int locality[SLOTS];

static void put(long urn, int la) {
    unsigned h = (unsigned)(urn * 2654435761u) & (SLOTS - 1);
    while (keys[h] && keys[h] != urn) h = (h + 1) & (SLOTS - 1);
    keys[h] = urn;
    locality[h] = la;
}

static int get(long urn) {
    unsigned h = (unsigned)(urn * 2654435761u) & (SLOTS - 1);
    while (keys[h]) {
        if (keys[h] == urn) return locality[h];
        h = (h + 1) & (SLOTS - 1);
    }
    return -1;
}

int main(int argc, char **argv) {
    if (argc != 3) return 64;
    size_t rsize, wsize;
    char *r = map(argv[1], &rsize), *end = r + rsize;
    char *p = memchr(r, '\n', rsize) + 1;
    while (p < end) {  /* URN,LA (code),... */
        long urn = strtol(p, &p, 10);
        int la = (int)strtol(p + 1, &p, 10);
        put(urn, la);
        p = memchr(p, '\n', end - p);
        if (!p) break;
        p++;
    }
    static double sum[1000];
    static int count[1000];
    char *w = map(argv[2], &wsize);
    end = w + wsize;
    p = memchr(w, '\n', wsize) + 1;
    while (p < end) {
        long urn = strtol(p, &p, 10);
        int la = get(urn);
        int field = 1, achieved = 0, possible = 0;
        p++;
        while (p < end && *p != '\r' && *p != '\n') {
            char *start = p;
            while (p < end && *p != ',' && *p != '\r' && *p != '\n') p++;
            if (field >= 4) {
                size_t n = p - start;
                if (n == 3 && start[0] == 'm') { achieved += 2; possible += 2; }
                else if (n == 6 && start[0] == 'p') { achieved += 1; possible += 2; }
                else if (n == 7 && start[0] == 'n') { possible += 2; }
                else if (n == 3 && start[0] == 'y') { achieved += 1; possible += 1; }
                else if (n == 2 && start[0] == 'n' && start[1] == 'o') { possible += 1; }
                else if (n == 10) { achieved += start[3] == '5'; possible += 1; }
            }
            if (p < end && *p == ',') p++;
            field++;
        }
        while (p < end && (*p == '\r' || *p == '\n')) p++;
        if (la >= 0 && la < 1000 && possible > 0) { sum[la] += (double)achieved / possible; count[la]++; }
    }
    int las = 0, returns = 0;
    for (int i = 0; i < 1000; i++) if (count[i]) { las++; returns += count[i]; }
    printf("%d returns in %d localities\n", returns, las);
    return 0;
}
