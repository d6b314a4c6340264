//! PLOVER/CAMEO events with actors, recipients, places and dates
