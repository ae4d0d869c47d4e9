#pragma once

#include <memory>
#include <string>
#include <vector>

#include "train/cluster.h"

namespace w2v {

// The Cluster of a run started by mpirun (OpenMPI), over MPI_COMM_WORLD. Built only when CMake
// finds MPI (W2V_MPI); tools call launched() first and use one only under mpirun, so the same
// binary runs alone exactly as it does without MPI.
class MpiCluster : public Cluster {
 public:
  // True if this process was started by mpirun (OpenMPI's environment says so).
  static bool launched();
  // MPI_Init_thread (MPI_THREAD_SERIALIZED: the collectives come from one thread at a time, not
  // always the main one). Throws Error if MPI cannot start or lacks that level.
  MpiCluster(int* argc, char*** argv);
  ~MpiCluster() override;  // MPI_Finalize
  MpiCluster(const MpiCluster&) = delete;
  MpiCluster& operator=(const MpiCluster&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void sum(float* data, std::size_t n) override;
  void sum(std::uint64_t* data, std::size_t n) override;
  void sum(double* data, std::size_t n) override;
  unsigned any(unsigned bits) override;
  void broadcast(std::string& bytes, int root) override;
  std::vector<std::string> gather(const std::string& bytes, int root) override;
  std::uint64_t bytes_sent() const override { return bytes_sent_; }

  // Ends every process of the job now (after an error on this one): MPI_Abort.
  [[noreturn]] void abort(int code);

 private:
  int rank_ = 0, size_ = 1;
  std::uint64_t bytes_sent_ = 0;
};

}  // namespace w2v
