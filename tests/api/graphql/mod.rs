mod articles;
mod demo;
mod errors;
mod filters;
mod n_plus_one;
mod paging;
mod sources;
mod tags;
