import streamlit as st

st.title("Draft")
st.info("This page is being built.")
