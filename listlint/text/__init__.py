"""Text processing: normalisation with an offset map, segmentation and multi-term matching."""
