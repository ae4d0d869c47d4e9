/* The collective part of a w2v-train model sync, alone: for each size (bytes of floats) given on
 * the command line, MPI_Allreduce(MPI_IN_PLACE, MPI_SUM) of that many floats, as ModelSync::merge
 * makes it, with the local work around it (model -= base before; model += base, base = model
 * after: the same passes over memory, the sum also scaled down here to keep it bounded). Every iteration starts after a barrier, so no process waits for a slower one's training:
 * what is left is the cost of the collective on the links. Per size, rank 0 prints one JSON line:
 * the median and the minimum over iterations of the slowest process's time for the allreduce and
 * for the local work. Size 8 is summed as one uint64 (the word counter each sync also reduces).
 *
 * With stream=BYTES first, rank 0 first sends that many bytes to rank 1 (8 MiB messages) and prints
 * the time: the one-way bandwidth of a link, to check the cap.
 *
 * Build: mpicc -O2 -o allreduce_bench allreduce_bench.c
 * Usage: mpirun ... allreduce_bench SECONDS_PER_SIZE [stream=BYTES] BYTES... */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void* a, const void* b) {
  const double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (argc < 3) {
    if (rank == 0) fprintf(stderr, "usage: allreduce_bench SECONDS_PER_SIZE [stream=BYTES] BYTES...\n");
    MPI_Finalize();
    return 2;
  }
  const double budget = atof(argv[1]);
  enum { kMinIters = 5, kMaxIters = 200, kWarmup = 2 };
  double* comm = malloc(sizeof(double) * kMaxIters);
  double* local = malloc(sizeof(double) * kMaxIters);
  int first = 2;
  if (strncmp(argv[2], "stream=", 7) == 0) {
    first = 3;
    const size_t total = (size_t)strtoull(argv[2] + 7, NULL, 10), piece = (size_t)8 << 20;
    char* buf = calloc(piece, 1);
    MPI_Barrier(MPI_COMM_WORLD);
    const double t0 = MPI_Wtime();
    for (size_t at = 0; at < total && size > 1; at += piece) {
      const int count = (int)(total - at < piece ? total - at : piece);
      if (rank == 0) MPI_Send(buf, count, MPI_BYTE, 1, 5, MPI_COMM_WORLD);
      if (rank == 1) MPI_Recv(buf, count, MPI_BYTE, 0, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
    if (rank == 1) MPI_Send(buf, 1, MPI_BYTE, 0, 6, MPI_COMM_WORLD);  // done: received all
    if (rank == 0 && size > 1) MPI_Recv(buf, 1, MPI_BYTE, 1, 6, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    const double seconds = MPI_Wtime() - t0;
    if (rank == 0) {
      printf("{\"stream_bytes\": %zu, \"stream_s\": %.6e}\n", total, seconds);
      fflush(stdout);
    }
    free(buf);
  }
  for (int a = first; a < argc; ++a) {
    const size_t bytes = (size_t)strtoull(argv[a], NULL, 10);
    const size_t n = bytes / sizeof(float);
    float* model = malloc(sizeof(float) * (n ? n : 1));
    float* base = malloc(sizeof(float) * (n ? n : 1));
    for (size_t i = 0; i < n; ++i) {
      model[i] = (float)(rank + 1) * 1e-3f * (float)(i % 97);
      base[i] = 0.5f * model[i];
    }
    uint64_t counter = 0;
    double spent = 0;
    int iters = 0;
    for (int it = 0; it < kWarmup + kMaxIters; ++it) {
      MPI_Barrier(MPI_COMM_WORLD);
      double t0 = MPI_Wtime();
      if (bytes == 8) {
        counter = (uint64_t)rank + (uint64_t)it;
      } else {
        for (size_t i = 0; i < n; ++i) model[i] -= base[i];
      }
      double t1 = MPI_Wtime();
      if (bytes == 8) {
        MPI_Allreduce(MPI_IN_PLACE, &counter, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
      } else {
        MPI_Allreduce(MPI_IN_PLACE, model, (int)n, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
      }
      double t2 = MPI_Wtime();
      for (size_t i = 0; i < n; ++i) {
        model[i] = (model[i] + base[i]) * (1.0f / (float)size);  // keeps values bounded
        base[i] = model[i];
      }
      double t3 = MPI_Wtime();
      double mine[2] = {t2 - t1, (t1 - t0) + (t3 - t2)}, slowest[2];
      MPI_Allreduce(mine, slowest, 2, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
      if (it < kWarmup) continue;
      comm[iters] = slowest[0];
      local[iters] = slowest[1];
      ++iters;
      spent += slowest[0] + slowest[1];
      if (iters >= kMinIters && spent >= budget) break;  // the same decision on every rank
    }
    qsort(comm, (size_t)iters, sizeof(double), cmp_double);
    qsort(local, (size_t)iters, sizeof(double), cmp_double);
    if (rank == 0) {
      printf("{\"bytes\": %zu, \"procs\": %d, \"iters\": %d, \"allreduce_median_s\": %.6e, "
             "\"allreduce_min_s\": %.6e, \"local_median_s\": %.6e}\n",
             bytes, size, iters, comm[iters / 2], comm[0], local[iters / 2]);
      fflush(stdout);
    }
    free(model);
    free(base);
  }
  free(comm);
  free(local);
  MPI_Finalize();
  return 0;
}
