#include "dist/mpi_cluster.h"

#include <mpi.h>

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "core/error.h"

namespace w2v {

namespace {

// MPI counts are ints: large arrays go in pieces of at most this many elements.
constexpr std::size_t kPiece = std::size_t{1} << 28;

void check(int rc, const char* what) {
  if (rc != MPI_SUCCESS) throw Error(std::string("MPI: ") + what + " failed");
}

template <class T>
void sum_in_place(T* data, std::size_t n, MPI_Datatype type) {
  for (std::size_t at = 0; at < n; at += kPiece) {
    const int count = static_cast<int>(std::min(kPiece, n - at));
    check(MPI_Allreduce(MPI_IN_PLACE, data + at, count, type, MPI_SUM, MPI_COMM_WORLD),
          "MPI_Allreduce");
  }
}

}  // namespace

bool MpiCluster::launched() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr;
}

MpiCluster::MpiCluster(int* argc, char*** argv) {
  int provided = 0;
  check(MPI_Init_thread(argc, argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init_thread");
  if (provided < MPI_THREAD_SERIALIZED) {
    MPI_Finalize();
    throw Error("MPI: this MPI library does not support MPI_THREAD_SERIALIZED");
  }
  // Errors come back as codes (then exceptions), not as an abort inside MPI.
  MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiCluster::~MpiCluster() { MPI_Finalize(); }

void MpiCluster::sum(float* data, std::size_t n) {
  sum_in_place(data, n, MPI_FLOAT);
  bytes_sent_ += n * sizeof(float);
}

void MpiCluster::sum(std::uint64_t* data, std::size_t n) {
  sum_in_place(data, n, MPI_UINT64_T);
  bytes_sent_ += n * sizeof(std::uint64_t);
}

void MpiCluster::sum(double* data, std::size_t n) {
  sum_in_place(data, n, MPI_DOUBLE);
  bytes_sent_ += n * sizeof(double);
}

unsigned MpiCluster::any(unsigned bits) {
  unsigned out = 0;
  check(MPI_Allreduce(&bits, &out, 1, MPI_UNSIGNED, MPI_BOR, MPI_COMM_WORLD), "MPI_Allreduce");
  return out;
}

void MpiCluster::broadcast(std::string& bytes, int root) {
  std::uint64_t n = bytes.size();
  check(MPI_Bcast(&n, 1, MPI_UINT64_T, root, MPI_COMM_WORLD), "MPI_Bcast");
  bytes.resize(static_cast<std::size_t>(n));
  for (std::size_t at = 0; at < n; at += kPiece) {
    const int count = static_cast<int>(std::min<std::uint64_t>(kPiece, n - at));
    check(MPI_Bcast(bytes.data() + at, count, MPI_BYTE, root, MPI_COMM_WORLD), "MPI_Bcast");
  }
}

std::vector<std::string> MpiCluster::gather(const std::string& bytes, int root) {
  // Sizes first, then each rank's bytes to the root in turn (messages of any size).
  std::uint64_t n = bytes.size();
  std::vector<std::uint64_t> sizes(static_cast<std::size_t>(size_));
  check(MPI_Gather(&n, 1, MPI_UINT64_T, sizes.data(), 1, MPI_UINT64_T, root, MPI_COMM_WORLD),
        "MPI_Gather");
  std::vector<std::string> out;
  if (rank_ == root) out.resize(static_cast<std::size_t>(size_));
  for (int r = 0; r < size_; ++r) {
    const std::size_t k = static_cast<std::size_t>(r);
    if (rank_ == root) {
      if (r == root) {
        out[k] = bytes;
        continue;
      }
      out[k].resize(static_cast<std::size_t>(sizes[k]));
      for (std::size_t at = 0; at < sizes[k]; at += kPiece) {
        const int count = static_cast<int>(std::min<std::uint64_t>(kPiece, sizes[k] - at));
        check(
            MPI_Recv(out[k].data() + at, count, MPI_BYTE, r, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE),
            "MPI_Recv");
      }
    } else if (r == rank_) {
      for (std::size_t at = 0; at < bytes.size(); at += kPiece) {
        const int count = static_cast<int>(std::min(kPiece, bytes.size() - at));
        check(MPI_Send(bytes.data() + at, count, MPI_BYTE, root, 7, MPI_COMM_WORLD), "MPI_Send");
      }
    }
  }
  return out;
}

void MpiCluster::abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);  // MPI_Abort does not return; this keeps [[noreturn]] honest
}

}  // namespace w2v
