//! The app's pages: the home page (the catalogue of lessons) and the frame of a lesson.

pub mod home;
pub mod lesson_page;
