//! The app's pages: the home page (the catalogue of lessons, each card with a picture
//! of a real run), the same rendered by the build as the front door, and the frame of
//! a lesson.

pub mod front;
pub mod home;
pub mod lesson_page;
mod picture;
