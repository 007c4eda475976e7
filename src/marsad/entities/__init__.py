"""Named-entity recognition that Marsad trains itself: a CRF over rich Arabic features.

Modules: :mod:`~marsad.entities.conll` (CoNLL files), :mod:`~marsad.entities.crf_features` (features),
:mod:`~marsad.entities.crf_tagger` (the tagger and the packaged model), :mod:`~marsad.entities.ner_train`
(training), :mod:`~marsad.entities.ner_eval` (exact-span scoring).
"""
