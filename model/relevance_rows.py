"""Sparse TF-IDF rows for the relevance model's direct (small batch) path.

:meth:`model.relevance_vectors.Vectorizers.features` scores small batches without building sparse
matrices.  A :class:`Row` is one comment's or article's TF-IDF row and a :class:`PassageIndex` an
article body's passages indexed by word column; both repeat scikit-learn's and scipy's float32
arithmetic operation by operation (same rounding, same summation order), so the direct path's
features are bit-for-bit those of the sparse path; tests/test_off_topic.py compares the two.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

_FIRST = np.zeros(1, dtype=np.intp)


@dataclass(frozen=True, slots=True)
class Row:
    """One TF-IDF row as scikit-learn stores it: sorted column indices and float32 values."""

    indices: np.ndarray  # intp, strictly increasing
    data: np.ndarray  # float32, L2-normalised

    @classmethod
    def of(cls, x: sp.csr_matrix, i: int) -> Row:
        """Row ``i`` of a canonical CSR matrix (copied, so the matrix can be freed)."""
        start, end = x.indptr[i], x.indptr[i + 1]
        return cls(x.indices[start:end].astype(np.intp), x.data[start:end].copy())

    def dot(self, other: Row) -> float:
        """``self.multiply(other).sum()`` of the CSR rows, with scipy's float32 summation."""
        if not self.indices.size or not other.indices.size:
            return 0.0
        pos = np.searchsorted(other.indices, self.indices)
        pos[pos == other.indices.size] = 0
        hit = other.indices[pos] == self.indices
        # csr_elmul_csr keeps nonzero products in column order; .sum(axis=1) is add.reduceat.
        prod = self.data[hit] * other.data[pos[hit]]
        prod = prod[prod != 0]
        return float(np.add.reduceat(prod, _FIRST)[0]) if prod.size else 0.0


_EMPTY_ROW = Row(np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32))


@dataclass(frozen=True, slots=True)
class PassageIndex:
    """The body's passage rows transposed: for each word column, the passages that contain it."""

    terms: np.ndarray  # sorted word columns present in some passage
    ptr: np.ndarray  # passage entries of terms[i]: rows/data[ptr[i]:ptr[i + 1]]
    rows: np.ndarray
    data: np.ndarray
    n_passages: int

    @classmethod
    def of(cls, x: sp.csr_matrix) -> PassageIndex:
        """Index the rows (passages) of a CSR matrix by column."""
        coo = x.tocoo()
        order = np.lexsort((coo.row, coo.col))
        cols = coo.col[order]
        terms, starts = np.unique(cols, return_index=True)
        return cls(
            terms.astype(np.intp),
            np.append(starts, cols.size).astype(np.intp),
            coo.row[order].astype(np.intp),
            coo.data[order],
            x.shape[0],
        )

    def best(self, row: Row) -> float:
        """Max over passages of the row's dot product, summed like scipy's ``csr_matmat``."""
        if not row.indices.size or not self.terms.size:
            return 0.0
        pos = np.searchsorted(self.terms, row.indices)
        pos[pos == self.terms.size] = 0
        hit = self.terms[pos] == row.indices
        if not hit.any():
            return 0.0
        which, values = pos[hit], row.data[hit]
        starts = self.ptr[which]
        counts = self.ptr[which + 1] - starts
        # Gather the passage entries of each shared term into a dense (terms x passages) block;
        # absent entries are zeros, and adding 0.0 leaves a float32 sum unchanged.
        flat = np.arange(counts.sum()) + np.repeat(starts - np.cumsum(counts) + counts, counts)
        block = np.zeros((which.size, self.n_passages), dtype=np.float32)
        block[np.repeat(np.arange(which.size), counts), self.rows[flat]] = self.data[flat]
        sums = np.add.accumulate(block * values[:, None], axis=0)[-1]
        return float(sums.max())
