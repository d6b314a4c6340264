//! People, organisations, countries and places with codes and coordinates
