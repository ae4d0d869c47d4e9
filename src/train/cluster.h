#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace w2v {

// The processes of a distributed run, as training needs them: a few collectives. One
// implementation talks MPI (src/dist/mpi_cluster.h, built when CMake finds OpenMPI); a run
// without one is a single process. Every rank must call each collective in the same order.
class Cluster {
 public:
  virtual ~Cluster() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;

  // Element-wise sums over all ranks, in place, on every rank.
  virtual void sum(float* data, std::size_t n) = 0;
  virtual void sum(std::uint64_t* data, std::size_t n) = 0;
  virtual void sum(double* data, std::size_t n) = 0;
  // Bitwise or of `bits` over all ranks.
  virtual unsigned any(unsigned bits) = 0;
  // root's bytes on every rank (the others' are replaced).
  virtual void broadcast(std::string& bytes, int root) = 0;
  // Every rank's bytes, in rank order, on root; an empty vector elsewhere.
  virtual std::vector<std::string> gather(const std::string& bytes, int root) = 0;

  // Bytes this rank has sent in the sums so far (for the sync report).
  virtual std::uint64_t bytes_sent() const = 0;
};

}  // namespace w2v
