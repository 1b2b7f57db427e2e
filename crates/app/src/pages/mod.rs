//! The app's pages: the home page (the catalogue of lessons, each card with a picture
//! of a real run) and the frame of a lesson.

pub mod home;
pub mod lesson_page;
mod picture;
